import { ROLE_DEFINITION_IDS, type BuiltInRoleName } from './seed.js';

export interface BuiltInRole {
  name: BuiltInRoleName;
  guid: string;
  description: string;
  actions: string[];
  dataActions: string[];
}

const definitions: Record<
  BuiltInRoleName,
  { description: string; actions: string[]; dataActions?: string[] }
> = {
  Owner: {
    description:
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    actions: ['*'],
  },
  Contributor: {
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.',
    actions: ['*'],
  },
  Reader: {
    description: 'View all resources, but does not allow you to make any changes.',
    actions: ['*/read'],
  },
  'User Access Administrator': {
    description: 'Lets you manage user access to Azure resources.',
    actions: ['*/read', 'Microsoft.Authorization/*'],
  },
  'Role Based Access Control Administrator': {
    description: 'Manage access to Azure resources by assigning roles using Azure RBAC.',
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
    ],
  },
  'Key Vault Secrets User': {
    description: 'Read secret contents.',
    actions: [],
    dataActions: [
      'Microsoft.KeyVault/vaults/secrets/getSecret/action',
      'Microsoft.KeyVault/vaults/secrets/readMetadata/action',
    ],
  },
  'Key Vault Secrets Officer': {
    description: 'Perform any action on the secrets of a key vault, except manage permissions.',
    actions: ['Microsoft.KeyVault/vaults/*/read'],
    dataActions: ['Microsoft.KeyVault/vaults/secrets/*'],
  },
  'Key Vault Reader': {
    description: 'Read metadata of key vaults and its certificates, keys, and secrets.',
    actions: ['Microsoft.KeyVault/vaults/*/read'],
    dataActions: ['Microsoft.KeyVault/vaults/*/read'],
  },
  'Storage Blob Data Reader': {
    description: 'Read and list Azure Storage containers and blobs.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/read'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'],
  },
  'Storage Blob Data Contributor': {
    description: 'Read, write, and delete Azure Storage containers and blobs.',
    actions: ['Microsoft.Storage/storageAccounts/blobServices/containers/*'],
    dataActions: ['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*'],
  },
  'Virtual Machine Contributor': {
    description: 'Create and manage virtual machines, but not access to them.',
    actions: ['Microsoft.Compute/virtualMachines/*', 'Microsoft.Authorization/*/read'],
  },
  'Managed Identity Operator': {
    description: 'Read and Assign User Assigned Identity',
    actions: [
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
    ],
  },
  'Automation Contributor': {
    description: 'Manage azure automation resources and other resources using azure automation.',
    actions: ['Microsoft.Automation/automationAccounts/*', 'Microsoft.Authorization/*/read'],
  },
  'Automation Operator': {
    description: 'Automation Operators are able to start, stop, suspend, and resume jobs',
    actions: ['Microsoft.Automation/automationAccounts/jobs/*', 'Microsoft.Authorization/*/read'],
  },
  'Monitoring Reader': { description: 'Can read all monitoring data.', actions: ['*/read'] },
};

/** The built-in roles the sandbox knows, with the real GUIDs. */
export const BUILT_IN_ROLES: readonly BuiltInRole[] = (Object.keys(definitions) as BuiltInRoleName[]).map(
  (name) => ({
    name,
    guid: ROLE_DEFINITION_IDS[name],
    description: definitions[name].description,
    actions: definitions[name].actions,
    dataActions: definitions[name].dataActions ?? [],
  }),
);

export function findRoleByGuid(guid: string): BuiltInRole | undefined {
  const wanted = guid.toLowerCase();
  return BUILT_IN_ROLES.find((role) => role.guid === wanted);
}

/** The role definition's resource ID as ARM returns it at a scope: per subscription, or tenant-wide above one. */
export function roleDefinitionResourceId(scope: string, guid: string): string {
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const prefix = subscription ? `/subscriptions/${subscription}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}
