import { roleDefinitionGuid } from '../roleAssignmentName.js';
import { GUID } from './approverEntry.js';

/** A role as the plan resolved it. */
export interface RoleRef {
  roleName: string;
  roleDefinitionId: string;
}

/**
 * Whether a policy's role entry names `role`: a role definition GUID or ID (custom roles) by its GUID, which
 * is the same at every scope; a name case-insensitively, where `*` stands for any text ("* Reader").
 */
export function roleMatches(entry: string, role: RoleRef): boolean {
  if (GUID.test(entry) || entry.includes('/'))
    return roleDefinitionGuid(entry) === roleDefinitionGuid(role.roleDefinitionId);
  const pattern = entry
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`, 'i').test(role.roleName);
}
