/** The resource types whose identities the broker manages, and the user-assigned identity type. */
export const TARGET_TYPES = {
  automationAccount: 'Microsoft.Automation/automationAccounts',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
} as const;

export type TargetKind = keyof typeof TARGET_TYPES;

export const USER_ASSIGNED_IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export function targetKindOf(resourceType: string | undefined): TargetKind | undefined {
  const wanted = resourceType?.toLowerCase();
  return (Object.keys(TARGET_TYPES) as TargetKind[]).find((k) => TARGET_TYPES[k].toLowerCase() === wanted);
}
