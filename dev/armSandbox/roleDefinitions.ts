import { armError, methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import {
  BUILT_IN_ROLES,
  findRoleByGuid,
  roleDefinitionResourceId,
  type BuiltInRole,
} from './builtInRoles.js';
import { canonicalScope, missingScope, type ParsedScope } from './scopes.js';
import type { ArmRequest, HandlerContext } from './types.js';

/** `{scope}/providers/Microsoft.Authorization/roleDefinitions[/{guid}]`; scope undefined is the tenant root. */
export function handleRoleDefinitions(
  ctx: HandlerContext,
  req: ArmRequest,
  scope: ParsedScope | undefined,
  guid: string | undefined,
): ArmResponse {
  if (req.method !== 'GET') return methodNotAllowed(req.method);
  const missing = scope && missingScope(ctx.store, scope);
  if (missing) return missing;
  const at = scope ? canonicalScope(ctx.store, scope) : '';
  if (guid !== undefined) {
    const role = findRoleByGuid(guid);
    return role
      ? ok(render(at, role))
      : armError(
          404,
          'RoleDefinitionDoesNotExist',
          `The specified role definition with ID '${guid}' does not exist.`,
        );
  }
  const filter = req.query.$filter?.trim();
  if (!filter) return ok({ value: BUILT_IN_ROLES.map((role) => render(at, role)) });
  const byName = /^roleName\s+eq\s+'(.*)'$/i.exec(filter);
  if (byName?.[1] !== undefined) {
    const wanted = byName[1].replaceAll("''", "'").toLowerCase();
    return ok({
      value: BUILT_IN_ROLES.filter((r) => r.name.toLowerCase() === wanted).map((role) => render(at, role)),
    });
  }
  if (/^type\s+eq\s+'BuiltInRole'$/i.test(filter))
    return ok({ value: BUILT_IN_ROLES.map((role) => render(at, role)) });
  return armError(400, 'InvalidFilter', `The filter '${filter}' is not supported.`);
}

function render(scope: string, role: BuiltInRole): Record<string, unknown> {
  return {
    id: roleDefinitionResourceId(scope, role.guid),
    name: role.guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.name,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: [
        { actions: role.actions, notActions: [], dataActions: role.dataActions, notDataActions: [] },
      ],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2025-01-01T00:00:00.0000000Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}
