import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type BicepFile,
  type Resource,
  at,
  bicepPaths,
  infraDir,
  literal,
  loadBicep,
  loadModule,
  modules,
  properties,
  resolveString,
  resourcesOfType,
  variables,
} from './bicepTree.js';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const USER_ACCESS_ADMINISTRATOR = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9';
const RBAC_ADMINISTRATOR = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168';

interface Assignment {
  file: BicepFile;
  resource: Resource;
}

let assignments: Assignment[];

beforeAll(async () => {
  assignments = [];
  for (const path of bicepPaths()) {
    const file = await loadBicep(path);
    for (const resource of resourcesOfType(file, 'Microsoft.Authorization/roleAssignments'))
      assignments.push({ file, resource });
  }
});

/** The role a roleDefinitionId expression names: a built-in GUID, or `param:<name>` for a custom role. */
function roleOf({ file, resource }: Assignment): string {
  const vars = variables(file);
  let expression = at(resource.body, 'properties.roleDefinitionId');
  if (expression.type === 'identifier') expression = vars.get(expression.text)!;
  const match = /^subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', (.+)\)$/.exec(
    expression.text,
  );
  if (!match) throw new Error(`${file.name}: unexpected roleDefinitionId ${expression.text}`);
  const argument = match[1]!;
  if (argument.startsWith("'")) return argument.slice(1, -1);
  const guid = vars.get(argument);
  return guid ? resolveString(guid, vars) : `param:${argument}`;
}

describe('role assignments', () => {
  it("are exactly the broker identity's data-plane and target-scope roles", () => {
    const found = assignments.map((a) => `${basename(a.file.name)} ${a.resource.symbol} ${roleOf(a)}`);
    expect(found).toEqual([
      'dataPlaneRoles.bicep blobOwner b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
      'dataPlaneRoles.bicep tableContributor 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
      'dataPlaneRoles.bicep serviceBusOwner 090c5cfd-751d-490a-894a-3ce6f1109419',
      'dataPlaneRoles.bicep metricsPublisher 3913510d-42f4-4e42-8a64-420c390055eb',
      'identityOperator.bicep operator f1a07417-d97a-45cb-824c-7a7467783830',
      `targetScopeRoles.bicep constrainedRbacAdministrator ${RBAC_ADMINISTRATOR}`,
      'targetScopeRoles.bicep identityWriterAssignment param:identityWriterRoleGuid',
    ]);
  });

  it('all go to the principal as a ServicePrincipal', () => {
    for (const a of assignments) {
      const where = `${a.file.name} ${a.resource.symbol}`;
      expect(literal(at(a.resource.body, 'properties.principalType')), where).toBe('ServicePrincipal');
      expect(at(a.resource.body, 'properties.principalId').text, where).toBe('principalId');
    }
  });

  it('are named guid(scope, principalId, roleDefinitionId) on the scope they apply to', () => {
    const scopes = assignments.map((a) => {
      const scope = properties(a.resource.body).get('scope')?.text;
      const scopeId = scope ? `${scope}.id` : 'resourceGroup().id';
      const roleDefinitionId = at(a.resource.body, 'properties.roleDefinitionId').text;
      expect(at(a.resource.body, 'name').text).toBe(`guid(${scopeId}, principalId, ${roleDefinitionId})`);
      return `${a.resource.symbol} ${scopeId}`;
    });
    expect(scopes).toEqual([
      'blobOwner storage.id',
      'tableContributor storage.id',
      'serviceBusOwner serviceBus.id',
      'metricsPublisher applicationInsights.id',
      'operator allowedIdentity.id',
      'constrainedRbacAdministrator resourceGroup().id',
      'identityWriterAssignment resourceGroup().id',
    ]);
  });

  it("scope the data-plane roles to the broker's own storage account, namespace and Application Insights", async () => {
    const dataPlane = await loadModule('dataPlaneRoles');
    const existing = Object.fromEntries(
      [
        'Microsoft.Storage/storageAccounts',
        'Microsoft.ServiceBus/namespaces',
        'Microsoft.Insights/components',
      ].flatMap((type) => resourcesOfType(dataPlane, type).map((r) => [r.symbol, `${type} ${r.existing}`])),
    );
    expect(existing).toEqual({
      storage: 'Microsoft.Storage/storageAccounts true',
      serviceBus: 'Microsoft.ServiceBus/namespaces true',
      applicationInsights: 'Microsoft.Insights/components true',
    });
  });
});

describe('Role Based Access Control Administrator at the target scopes', () => {
  const expectedCondition =
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR " +
    `(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${OWNER}, ${USER_ACCESS_ADMINISTRATOR}, ${RBAC_ADMINISTRATOR}} AND ` +
    "@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND " +
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR " +
    `(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${OWNER}, ${USER_ACCESS_ADMINISTRATOR}, ${RBAC_ADMINISTRATOR}} AND ` +
    "@Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))";

  it('carries the ABAC condition: no privileged role written or deleted, service principals only', async () => {
    const file = await loadModule('targetScopeRoles');
    const rbac = assignments.find((a) => a.resource.symbol === 'constrainedRbacAdministrator')!;
    expect(literal(at(rbac.resource.body, 'properties.conditionVersion'))).toBe('2.0');
    const condition = resolveString(at(rbac.resource.body, 'properties.condition'), variables(file));
    expect(condition).toBe(expectedCondition);
    for (const guid of [OWNER, USER_ACCESS_ADMINISTRATOR, RBAC_ADMINISTRATOR])
      expect(condition.split(guid)).toHaveLength(3); // once for writes, once for deletes
  });

  it('is the only assignment with a condition, and no assignment grants a privileged role unconditionally', () => {
    const conditional = assignments.filter((a) =>
      properties(at(a.resource.body, 'properties')).has('condition'),
    );
    expect(conditional.map((a) => a.resource.symbol)).toEqual(['constrainedRbacAdministrator']);
    const privileged = assignments.filter((a) => [OWNER, USER_ACCESS_ADMINISTRATOR].includes(roleOf(a)));
    expect(privileged).toEqual([]);
  });

  it('is deployed once per target resource group, with the identity-writer role', async () => {
    const main = await loadBicep(join(infraDir, 'main.bicep'));
    const module = modules(main).find((m) => m.symbol === 'targetScopeRoles')!;
    expect(module.loop).toBe(true);
    expect(main.root.text).toContain('for targetId in targetResourceGroupIds:');
    expect(at(module.body, 'scope').text).toBe(
      "resourceGroup(split(targetId, '/')[2], split(targetId, '/')[4])",
    );
    expect(
      Object.fromEntries([...properties(at(module.body, 'params'))].map(([k, v]) => [k, v.text])),
    ).toEqual({
      principalId: 'identity.outputs.principalId',
      identityWriterRoleGuid: 'identityWriterRoleGuid',
    });
  });
});

describe('identity writer role and Managed Identity Operator', () => {
  it('the custom role reads and writes Automation accounts and virtual machines, nothing more', async () => {
    const file = await loadModule('identityWriterRole');
    const [role] = resourcesOfType(file, 'Microsoft.Authorization/roleDefinitions');
    expect(literal(at(role!.body, 'properties.permissions'))).toEqual([
      {
        actions: [
          'Microsoft.Automation/automationAccounts/read',
          'Microsoft.Automation/automationAccounts/write',
          'Microsoft.Compute/virtualMachines/read',
          'Microsoft.Compute/virtualMachines/write',
        ],
        notActions: [],
        dataActions: [],
        notDataActions: [],
      },
    ]);
    expect(literal(at(role!.body, 'properties.type'))).toBe('CustomRole');
    expect(at(role!.body, 'properties.assignableScopes').text).toBe('assignableScopes');
    expect(at(role!.body, 'name').text).toBe('roleGuid');

    const main = await loadBicep(join(infraDir, 'main.bicep'));
    const module = modules(main).find((m) => m.symbol === 'identityWriterRole')!;
    expect(module.conditional).toBe(true);
    expect(at(module.body, 'params.assignableScopes').text).toBe('targetResourceGroupIds');
    expect(at(module.body, 'params.roleGuid').text).toBe('identityWriterRoleGuid');
  });

  it('Managed Identity Operator is granted on each allowed user-assigned identity, in its own resource group', async () => {
    const main = await loadBicep(join(infraDir, 'main.bicep'));
    const module = modules(main).find((m) => m.symbol === 'identityOperators')!;
    expect(module.loop).toBe(true);
    expect(main.root.text).toContain('for allowedId in allowedUserAssignedIdentityIds:');
    expect(at(module.body, 'scope').text).toBe(
      "resourceGroup(split(allowedId, '/')[2], split(allowedId, '/')[4])",
    );
    expect(at(module.body, 'params.identityName').text).toBe("last(split(allowedId, '/'))");
    expect(at(module.body, 'params.principalId').text).toBe('identity.outputs.principalId');

    const operator = await loadModule('identityOperator');
    const [identity] = resourcesOfType(operator, 'Microsoft.ManagedIdentity/userAssignedIdentities');
    expect(identity?.existing).toBe(true);
    expect(at(identity!.body, 'name').text).toBe('identityName');
  });
});
