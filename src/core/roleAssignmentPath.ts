/** Where a role assignment lives: under its scope, named by its GUID. */
export const roleAssignmentPath = (scope: string, name: string): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;

/** The body the broker PUTs: only managed identities are granted roles, always as service principals. */
export const roleAssignmentBody = (roleDefinitionId: string, principalId: string) => ({
  properties: { roleDefinitionId, principalId, principalType: 'ServicePrincipal' as const },
});
