import type { RoleAssignmentInfo } from './ports.js';
import { parseResourceId, isWithinScope, sameResourceId } from './resourceId.js';
import { roleDefinitionGuid } from './roleAssignmentName.js';

const isManagementGroup = (scope: string): boolean => {
  const parsed = parseResourceId(scope);
  return parsed.ok && parsed.value.kind === 'managementGroup';
};

/**
 * The scopes above `scope` where the principal already holds this role, from what ARM lists at, above and
 * below it. A management group's ID shares no prefix with a subscription's, so one ARM lists for a
 * subscription or below can only be above it.
 */
export function sameRoleAbove(
  assignments: readonly RoleAssignmentInfo[],
  scope: string,
  roleDefinitionId: string,
): string[] {
  const guid = roleDefinitionGuid(roleDefinitionId);
  const above = (a: RoleAssignmentInfo) =>
    !sameResourceId(a.scope, scope) &&
    (isWithinScope(scope, a.scope) || (isManagementGroup(a.scope) && !isManagementGroup(scope)));
  return [
    ...new Set(
      assignments
        .filter((a) => roleDefinitionGuid(a.roleDefinitionId) === guid && above(a))
        .map((a) => a.scope),
    ),
  ];
}
