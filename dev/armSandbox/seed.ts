// Fixed IDs of everything the ARM sandbox starts with, so tests and the local host can name them.

export const TENANT_ID = '0638534a-c57b-4101-9c1a-9aa80568aac2';
export const LOCATION = 'westeurope';

export const MANAGEMENT_GROUP_NAME = 'mg-identity-broker';
export const MANAGEMENT_GROUP_SCOPE = `/providers/Microsoft.Management/managementGroups/${MANAGEMENT_GROUP_NAME}`;

/** Holds the broker, the identities and the Automation and compute targets. */
export const SUBSCRIPTION_ID = 'a05fbbd9-8ab0-444d-8f67-8b5713b8eef5';
/** Holds the data resources (Key Vault, storage). */
export const DATA_SUBSCRIPTION_ID = 'fc9c0785-971f-420b-b7b2-fa34f057dcad';
export const SUBSCRIPTION_SCOPE = `/subscriptions/${SUBSCRIPTION_ID}`;
export const DATA_SUBSCRIPTION_SCOPE = `/subscriptions/${DATA_SUBSCRIPTION_ID}`;

export const RESOURCE_GROUP_NAMES = {
  automation: 'rg-automation',
  compute: 'rg-compute',
  identities: 'rg-identities',
  security: 'rg-security',
  broker: 'rg-broker',
  data: 'rg-data',
} as const;

const rg = (subscription: string, name: string) => `/subscriptions/${subscription}/resourceGroups/${name}`;
export const RG_AUTOMATION = rg(SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.automation);
export const RG_COMPUTE = rg(SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.compute);
export const RG_IDENTITIES = rg(SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.identities);
/** Holds an identity the broker may not assign (no Managed Identity Operator here). */
export const RG_SECURITY = rg(SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.security);
export const RG_BROKER = rg(SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.broker);
export const RG_DATA = rg(DATA_SUBSCRIPTION_ID, RESOURCE_GROUP_NAMES.data);

const uai = (group: string, name: string) =>
  `${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

export interface SeedUserAssignedIdentity {
  id: string;
  name: string;
  principalId: string;
  clientId: string;
}

export const UAI_RUNBOOKS: SeedUserAssignedIdentity = {
  id: uai(RG_IDENTITIES, 'id-runbooks'),
  name: 'id-runbooks',
  principalId: '1e51a879-6ad5-49bc-ba71-da581461ae7d',
  clientId: '577c619e-9f91-491b-ba23-b4627f23976e',
};
export const UAI_REPORTING: SeedUserAssignedIdentity = {
  id: uai(RG_IDENTITIES, 'id-reporting'),
  name: 'id-reporting',
  principalId: 'a023d0cc-fae5-42ac-af26-2140918a94c3',
  clientId: '359fdc50-3c21-4014-a4b5-f39f92618acc',
};
/** The broker lacks `userAssignedIdentities/assign/action` on this one: attaching it is 403 LinkedAuthorizationFailed. */
export const UAI_UNASSIGNABLE: SeedUserAssignedIdentity = {
  id: uai(RG_SECURITY, 'id-break-glass'),
  name: 'id-break-glass',
  principalId: 'd9fdbe85-e8e2-4eb3-a528-37ee27e0b89c',
  clientId: '9d7b8089-627e-46ad-b130-a033d6377fdd',
};

/** The broker's own identities: the function app's system-assigned one and a user-assigned alternative. */
export const BROKER_FUNCTION_APP_ID = `${RG_BROKER}/providers/Microsoft.Web/sites/func-identity-broker`;
export const BROKER = {
  objectId: '54612355-9c69-4101-aab6-bab87a3e20dd',
  clientId: '63bb9a91-09f9-4dff-b788-35aafb69a6c0',
} as const;
export const BROKER_USER_ASSIGNED: SeedUserAssignedIdentity = {
  id: uai(RG_BROKER, 'id-identity-broker'),
  name: 'id-identity-broker',
  principalId: '362e4383-8572-4553-b71a-137204274d82',
  clientId: '8205fced-2b63-4291-8598-61bf8c7ef700',
};

/** A human user and a group: valid principals the broker's ABAC condition refuses to grant to. */
export const USER_PRINCIPAL_ID = 'c5eacb87-9f8a-4aa8-9952-3d4af435f842';
export const GROUP_PRINCIPAL_ID = '99c88009-cbd0-49d6-ae67-f02a5a3c8d4c';

const automation = (name: string) =>
  `${RG_AUTOMATION}/providers/Microsoft.Automation/automationAccounts/${name}`;
const vm = (name: string) => `${RG_COMPUTE}/providers/Microsoft.Compute/virtualMachines/${name}`;

/** No identity at all. */
export const AUTOMATION_ACCOUNT_PLAIN = automation('aa-patching');
/** System-assigned plus UAI_RUNBOOKS and UAI_REPORTING; the UAI_REPORTING key is stored with a lowercase `resourcegroups`. */
export const AUTOMATION_ACCOUNT_WITH_IDENTITIES = automation('aa-reporting');
/** The `i`th plain Automation account the benchmark asks the sandbox to add (`benchAutomationAccounts`). */
export const benchAutomationAccount = (i: number) => automation(`aa-bench-${String(i).padStart(4, '0')}`);
export const AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID = 'ec27f1a7-8af8-47ea-888b-9748073396a5';
/** The user-assigned key exactly as seeded on AUTOMATION_ACCOUNT_WITH_IDENTITIES. */
export const LOWERCASE_UAI_REPORTING_KEY = UAI_REPORTING.id.replace('/resourceGroups/', '/resourcegroups/');

export const VM_NAMES = { plain: 'vm-build-01', withIdentity: 'vm-app-01' } as const;
/** No identity at all. */
export const VM_PLAIN = vm(VM_NAMES.plain);
/** System-assigned plus UAI_RUNBOOKS. */
export const VM_WITH_IDENTITY = vm(VM_NAMES.withIdentity);
export const VM_SYSTEM_PRINCIPAL_ID = '7a92d667-0bf4-4479-a354-3d4e37a1c6d0';

export const KEY_VAULT = `${RG_DATA}/providers/Microsoft.KeyVault/vaults/kv-broker-data`;
export const STORAGE_ACCOUNT = `${RG_DATA}/providers/Microsoft.Storage/storageAccounts/stbrokerdata`;

/** Real built-in role definition GUIDs (the same in every tenant). */
export const ROLE_DEFINITION_IDS = {
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
  'Key Vault Reader': '21090545-7ca7-4776-b22c-e363652d74d2',
  'Storage Blob Data Reader': '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  'Storage Blob Data Contributor': 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  'Virtual Machine Contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  'Managed Identity Operator': 'f1a07417-d97a-45cb-824c-7a7467783830',
  'Automation Contributor': 'f353d9bd-d4a6-484e-a77a-8050b599b867',
  'Automation Operator': 'd3881f73-407a-4167-8283-e981cbba0404',
  'Monitoring Reader': '43d0d8ad-25c7-4714-9337-8ba259a9fe05',
} as const;
export type BuiltInRoleName = keyof typeof ROLE_DEFINITION_IDS;

/** Roles the broker's ABAC condition never lets it grant. */
export const PRIVILEGED_ROLE_NAMES: readonly BuiltInRoleName[] = [
  'Owner',
  'User Access Administrator',
  'Role Based Access Control Administrator',
];

export interface SeedRoleAssignment {
  name: string;
  scope: string;
  role: BuiltInRoleName;
  principalId: string;
  principalType: 'ServicePrincipal' | 'User' | 'Group';
  condition?: string;
}

/** The condition the broker's RBAC Administrator assignment carries (what the sandbox enforces on its PUTs). */
export const BROKER_ABAC_CONDITION =
  "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
  '(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals ' +
  `{${PRIVILEGED_ROLE_NAMES.map((r) => ROLE_DEFINITION_IDS[r]).join(', ')}} AND ` +
  "@Request[Microsoft.Authorization/roleAssignments:PrincipalType] StringEqualsIgnoreCase 'ServicePrincipal'))";

/** Key Vault Secrets User for UAI_RUNBOOKS under a name no deterministic scheme produces: a PUT of the same triple gets 409. */
export const EXISTING_ROLE_ASSIGNMENT: SeedRoleAssignment = {
  name: '99cce07c-55c4-4931-b832-9b0f73982bf9',
  scope: KEY_VAULT,
  role: 'Key Vault Secrets User',
  principalId: UAI_RUNBOOKS.principalId,
  principalType: 'ServicePrincipal',
};

export const SEED_ROLE_ASSIGNMENTS: readonly SeedRoleAssignment[] = [
  {
    name: 'cd7a2a39-d5cd-4523-b7e7-74aea20d5ab8',
    scope: MANAGEMENT_GROUP_SCOPE,
    role: 'Role Based Access Control Administrator',
    principalId: BROKER.objectId,
    principalType: 'ServicePrincipal',
    condition: BROKER_ABAC_CONDITION,
  },
  {
    name: '208759fb-eb4b-486e-b85e-cdfd7664787e',
    scope: RG_IDENTITIES,
    role: 'Managed Identity Operator',
    principalId: BROKER.objectId,
    principalType: 'ServicePrincipal',
  },
  {
    name: 'c49a4943-ca23-4883-a176-001c87c8fd8c',
    scope: RG_IDENTITIES,
    role: 'Managed Identity Operator',
    principalId: BROKER_USER_ASSIGNED.principalId,
    principalType: 'ServicePrincipal',
  },
  EXISTING_ROLE_ASSIGNMENT,
  {
    name: 'bb309907-4d32-49e1-aacf-c60964d4ffa5',
    scope: RG_AUTOMATION,
    role: 'Reader',
    principalId: AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID,
    principalType: 'ServicePrincipal',
  },
  {
    name: '7c51e51e-2850-4e04-901a-b42ad3cb31b4',
    scope: STORAGE_ACCOUNT,
    role: 'Storage Blob Data Reader',
    principalId: UAI_REPORTING.principalId,
    principalType: 'ServicePrincipal',
  },
  {
    name: '6fdb4a80-e4be-4733-9984-28754aa30fb4',
    scope: SUBSCRIPTION_SCOPE,
    role: 'Owner',
    principalId: USER_PRINCIPAL_ID,
    principalType: 'User',
  },
];
