import type { RoleAssignmentRecord } from './store.js';

/** A role assignment as ARM returns it (api-version 2022-04-01 shape). */
export function renderRoleAssignment(assignment: RoleAssignmentRecord): Record<string, unknown> {
  return {
    id: `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${assignment.name}`,
    name: assignment.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      scope: assignment.scope,
      condition: assignment.condition ?? null,
      conditionVersion: assignment.conditionVersion ?? null,
      description: assignment.description ?? null,
      createdOn: assignment.createdOn,
      updatedOn: assignment.updatedOn,
      createdBy: assignment.createdBy,
      updatedBy: assignment.updatedBy,
      delegatedManagedIdentityResourceId: null,
    },
  };
}

export interface RoleAssignmentInput {
  roleDefinitionId: string;
  principalId: string;
  principalType?: string;
  condition?: string;
  conditionVersion?: string;
  description?: string;
}

/** Reads `{ properties: {...} }`; a string naming the first problem when it is not usable. */
export function readRoleAssignmentInput(body: unknown): RoleAssignmentInput | string {
  const properties = (body as { properties?: unknown } | undefined)?.properties;
  if (typeof properties !== 'object' || properties === null)
    return "Required property 'properties' not found in JSON.";
  const p = properties as Record<string, unknown>;
  for (const required of ['roleDefinitionId', 'principalId']) {
    if (typeof p[required] !== 'string' || p[required] === '')
      return `Required property '${required}' not found in JSON.`;
  }
  const optional = (name: string) => (typeof p[name] === 'string' ? { [name]: p[name] as string } : {});
  return {
    roleDefinitionId: p.roleDefinitionId as string,
    principalId: p.principalId as string,
    ...optional('principalType'),
    ...optional('condition'),
    ...optional('conditionVersion'),
    ...optional('description'),
  };
}
