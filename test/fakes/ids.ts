/** Resource IDs and built-in role GUIDs shared by the core tests, in ARM's canonical casing. */
export const SUB = '11111111-1111-1111-1111-111111111111';
export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;
export const AA = `${RG}/providers/Microsoft.Automation/automationAccounts/aa-one`;
export const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-one`;
export const KV = `${RG}/providers/Microsoft.KeyVault/vaults/kv-prod`;
export const uaId = (name: string): string =>
  `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
export const UA1 = uaId('ua-one');
export const UA2 = uaId('ua-two');
export const UA3 = uaId('ua-three');

export const ROLE_GUIDS = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
} as const;

export type BuiltInRole = keyof typeof ROLE_GUIDS;

/** A role definition ID as ARM returns it when asked at a subscription or below. */
export const roleDefinitionId = (role: BuiltInRole, sub = SUB): string =>
  `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUIDS[role]}`;
