import { grantSubject } from './grantHolds.js';
import type { IdentityRequest } from './identityRequest.js';
import { principalEnabledHere } from './steps/resolvePrincipalId.js';

/**
 * The grant ledger keys a request may have written: each role operation's grant, named by what its result
 * recorded or, for one that never recorded a result, by the principal and role its plan pinned. A key it
 * cannot name (a system identity never enabled) has no entry of this request's.
 */
export function grantKeysOf(request: IdentityRequest): string[] {
  const keys = new Set<string>();
  request.operations.forEach((op, index) => {
    if (op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment') return;
    const result = request.results[index];
    if (result?.principalId && result.roleDefinitionId)
      keys.add(grantSubject(op.scope, result.principalId, result.roleDefinitionId).key);
    const role = request.plan.steps.find((s) => s.operations.includes(index))?.role;
    const principalId =
      role?.principalId ?? (op.principal === 'systemAssigned' ? principalEnabledHere(request) : undefined);
    if (role && principalId) keys.add(grantSubject(op.scope, principalId, role.roleDefinitionId).key);
  });
  return [...keys];
}
