import { armError, methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import { putRoleAssignment } from './putRoleAssignment.js';
import { renderRoleAssignment } from './roleAssignmentBody.js';
import { parseRoleAssignmentFilter } from './roleAssignmentFilter.js';
import { missingScope, scopeChain, type ParsedScope } from './scopes.js';
import type { RoleAssignmentRecord } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';

/** `{scope}/providers/Microsoft.Authorization/roleAssignments[/{name}]`: PUT, GET, DELETE and list. */
export function handleRoleAssignments(
  ctx: HandlerContext,
  req: ArmRequest,
  scope: ParsedScope,
  name: string | undefined,
): ArmResponse {
  if (name === undefined) {
    return req.method === 'GET' ? listRoleAssignments(ctx, req, scope) : methodNotAllowed(req.method);
  }
  switch (req.method) {
    case 'PUT':
      return putRoleAssignment(ctx, req, scope, name);
    case 'GET': {
      const found = findAt(ctx, scope, name);
      return found
        ? ok(renderRoleAssignment(found))
        : armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`);
    }
    case 'DELETE': {
      const found = findAt(ctx, scope, name);
      if (!found) return { status: 204 };
      ctx.store.roleAssignments.delete(found.name.toLowerCase());
      return ok(renderRoleAssignment(found));
    }
    default:
      return methodNotAllowed(req.method);
  }
}

function listRoleAssignments(ctx: HandlerContext, req: ArmRequest, scope: ParsedScope): ArmResponse {
  const missing = missingScope(ctx.store, scope);
  if (missing) return missing;
  const filter = parseRoleAssignmentFilter(req.query.$filter);
  if (typeof filter === 'string')
    return armError(400, 'InvalidFilter', `The filter '${filter}' is not supported.`);
  const above = scopeChain(ctx.store, scope.key);
  const matches = [...ctx.store.roleAssignments.values()].filter((a) => {
    const key = a.scope.toLowerCase();
    const atOrAbove = above.includes(key);
    // Without atScope() ARM also returns assignments below the scope.
    const below = !filter.atScope && scopeChain(ctx.store, key).includes(scope.key);
    const principalOk =
      !filter.principalId || a.principalId.toLowerCase() === filter.principalId.toLowerCase();
    return (atOrAbove || below) && principalOk;
  });
  return ok({ value: matches.map(renderRoleAssignment) });
}

function findAt(ctx: HandlerContext, scope: ParsedScope, name: string): RoleAssignmentRecord | undefined {
  const found = ctx.store.roleAssignments.get(name.toLowerCase());
  return found && found.scope.toLowerCase() === scope.key ? found : undefined;
}
