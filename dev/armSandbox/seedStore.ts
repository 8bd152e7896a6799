import { roleDefinitionResourceId } from './builtInRoles.js';
import * as seed from './seed.js';
import type { Principal, ResourceKind, SandboxResource, SandboxStore } from './store.js';

const seededAt = '2026-01-15T09:30:00.0000000Z';

/** A fresh store holding everything in seed.ts, and as many plain bench accounts as asked for. */
export function createSeededStore({ benchAutomationAccounts = 0 } = {}): SandboxStore {
  const store: SandboxStore = {
    tenantId: seed.TENANT_ID,
    containers: new Map(),
    subscriptionParents: new Map(),
    resources: new Map(),
    principals: new Map(),
    roleAssignments: new Map(),
    operations: new Map(),
    principalsCreated: new Map(),
  };
  const containers = [
    seed.MANAGEMENT_GROUP_SCOPE,
    seed.SUBSCRIPTION_SCOPE,
    seed.DATA_SUBSCRIPTION_SCOPE,
    seed.RG_AUTOMATION,
    seed.RG_COMPUTE,
    seed.RG_IDENTITIES,
    seed.RG_SECURITY,
    seed.RG_BROKER,
    seed.RG_DATA,
  ];
  for (const scope of containers) store.containers.set(scope.toLowerCase(), scope);
  for (const subscription of [seed.SUBSCRIPTION_SCOPE, seed.DATA_SUBSCRIPTION_SCOPE]) {
    store.subscriptionParents.set(subscription.toLowerCase(), seed.MANAGEMENT_GROUP_SCOPE.toLowerCase());
  }
  seedIdentities(store);
  seedTargets(store);
  for (let i = 0; i < benchAutomationAccounts; i++)
    add(store, resource(seed.benchAutomationAccount(i), 'automationAccount'));
  for (const assignment of seed.SEED_ROLE_ASSIGNMENTS) {
    const guid = seed.ROLE_DEFINITION_IDS[assignment.role];
    store.roleAssignments.set(assignment.name, {
      name: assignment.name,
      scope: assignment.scope,
      roleDefinitionId: roleDefinitionResourceId(assignment.scope, guid),
      roleGuid: guid,
      principalId: assignment.principalId,
      principalType: assignment.principalType,
      ...(assignment.condition ? { condition: assignment.condition, conditionVersion: '2.0' } : {}),
      createdOn: seededAt,
      updatedOn: seededAt,
      createdBy: seed.USER_PRINCIPAL_ID,
      updatedBy: seed.USER_PRINCIPAL_ID,
    });
  }
  return store;
}

function seedIdentities(store: SandboxStore): void {
  for (const identity of [
    seed.UAI_RUNBOOKS,
    seed.UAI_REPORTING,
    seed.UAI_UNASSIGNABLE,
    seed.BROKER_USER_ASSIGNED,
  ]) {
    add(
      store,
      resource(identity.id, 'userAssignedIdentity', {
        principalId: identity.principalId,
        clientId: identity.clientId,
      }),
    );
    principal(store, identity.principalId, 'ServicePrincipal', identity.name);
  }
  principal(store, seed.USER_PRINCIPAL_ID, 'User', 'Dana Operator');
  principal(store, seed.GROUP_PRINCIPAL_ID, 'Group', 'Platform Engineers');
}

function seedTargets(store: SandboxStore): void {
  add(store, resource(seed.AUTOMATION_ACCOUNT_PLAIN, 'automationAccount'));
  const reporting = resource(seed.AUTOMATION_ACCOUNT_WITH_IDENTITIES, 'automationAccount');
  withSystem(store, reporting, seed.AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID);
  // One key deliberately spelled with a lowercase `resourcegroups`, as ARM sometimes returns them.
  reporting.identity.userAssigned.set(seed.UAI_RUNBOOKS.id.toLowerCase(), seed.UAI_RUNBOOKS.id);
  reporting.identity.userAssigned.set(seed.UAI_REPORTING.id.toLowerCase(), seed.LOWERCASE_UAI_REPORTING_KEY);
  add(store, reporting);

  add(
    store,
    resource(seed.VM_PLAIN, 'virtualMachine', { vm: vmProperties('b2f8d1c4-0a6e-4c55-9f3b-6d1e2a7c9e01') }),
  );
  const app = resource(seed.VM_WITH_IDENTITY, 'virtualMachine', {
    vm: vmProperties('5d7e9a2b-3c4f-4e6a-8b1d-0f2c4e6a8b3d'),
  });
  withSystem(store, app, seed.VM_SYSTEM_PRINCIPAL_ID);
  app.identity.userAssigned.set(seed.UAI_RUNBOOKS.id.toLowerCase(), seed.UAI_RUNBOOKS.id);
  add(store, app);

  add(store, resource(seed.KEY_VAULT, 'keyVault'));
  add(store, resource(seed.STORAGE_ACCOUNT, 'storageAccount'));
  const broker = resource(seed.BROKER_FUNCTION_APP_ID, 'functionApp');
  withSystem(store, broker, seed.BROKER.objectId);
  add(store, broker);
}

function vmProperties(vmId: string): NonNullable<SandboxResource['vm']> {
  return { vmId, vmSize: 'Standard_B2s', provisioningState: 'Succeeded' };
}

function resource(id: string, kind: ResourceKind, extra: Partial<SandboxResource> = {}): SandboxResource {
  return {
    id,
    kind,
    name: id.split('/').at(-1) ?? id,
    location: seed.LOCATION,
    tags: { environment: 'sandbox' },
    identity: { userAssigned: new Map() },
    createdAt: seededAt,
    updatedAt: seededAt,
    ...extra,
  };
}

function withSystem(store: SandboxStore, target: SandboxResource, objectId: string): void {
  target.identity.systemPrincipalId = objectId;
  principal(store, objectId, 'ServicePrincipal', target.name, target.id);
}

function add(store: SandboxStore, target: SandboxResource): void {
  store.resources.set(target.id.toLowerCase(), target);
}

function principal(
  store: SandboxStore,
  objectId: string,
  type: Principal['principalType'],
  name: string,
  resourceId?: string,
) {
  store.principals.set(objectId.toLowerCase(), {
    objectId,
    principalType: type,
    displayName: name,
    replicationPending: 0,
    ...(resourceId ? { resourceId } : {}),
  });
}
