import type { FieldError } from './fieldError.js';
import type { Operation } from './operation.js';
import { resourceIdKey } from './resourceId.js';

/** The identity a request's operations end up acting on, so contradictions can be found by key. */
function subjectKey(op: Operation): string {
  switch (op.kind) {
    case 'enableSystemAssignedIdentity':
    case 'disableSystemAssignedIdentity':
      return 'system';
    case 'attachUserAssignedIdentity':
    case 'detachUserAssignedIdentity':
      return `user|${resourceIdKey(op.identity)}`;
    case 'assignRole':
    case 'removeRoleAssignment':
      return `role|${resourceIdKey(op.principal)}|${op.role.toLowerCase()}|${resourceIdKey(op.scope)}`;
  }
}

/**
 * Operations in one request are approved as one unit, so two that touch the same thing
 * (enable and disable, attach and detach, grant and remove the same role) are refused up front.
 */
export function findOperationConflicts(operations: readonly Operation[]): FieldError[] {
  const errors: FieldError[] = [];
  const firstBySubject = new Map<string, number>();
  operations.forEach((op, index) => {
    const key = subjectKey(op);
    const earlier = firstBySubject.get(key);
    if (earlier !== undefined)
      errors.push({
        path: `operations[${index}]`,
        message: `acts on the same ${key.split('|')[0] === 'role' ? 'role assignment' : 'identity'} as operations[${earlier}]`,
      });
    else firstBySubject.set(key, index);

    if (op.kind === 'assignRole' && op.duration !== undefined && op.expiresAt !== undefined)
      errors.push({ path: `operations[${index}].expiresAt`, message: 'cannot be combined with duration' });
  });

  const removedPrincipals = new Map<string, number>();
  operations.forEach((op, index) => {
    if (op.kind === 'disableSystemAssignedIdentity') removedPrincipals.set('systemassigned', index);
    if (op.kind === 'detachUserAssignedIdentity') removedPrincipals.set(resourceIdKey(op.identity), index);
  });
  operations.forEach((op, index) => {
    if (op.kind !== 'assignRole') return;
    const removedAt = removedPrincipals.get(resourceIdKey(op.principal));
    if (removedAt !== undefined)
      errors.push({
        path: `operations[${index}].principal`,
        message: `is removed from the target by operations[${removedAt}] in the same request`,
      });
  });
  return errors;
}
