import { describe, expect, it } from 'vitest';
import {
  isResourceOfType,
  isWithinScope,
  parseResourceId,
  resourceIdKey,
  sameResourceId,
} from '../../src/core/resourceId.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;

const parsed = (id: string) => {
  const result = parseResourceId(id);
  if (!result.ok) throw new Error(`expected ${id} to parse: ${result.error.message}`);
  return result.value;
};
const problemOf = (id: string) => {
  const result = parseResourceId(id);
  return result.ok ? `parsed as ${result.value.id}` : result.error.message;
};

describe('parseResourceId: scope kinds', () => {
  it('parses a management group', () => {
    expect(parsed('/providers/Microsoft.Management/managementGroups/mg-platform')).toEqual({
      id: '/providers/Microsoft.Management/managementGroups/mg-platform',
      kind: 'managementGroup',
      managementGroup: 'mg-platform',
    });
  });

  it('parses a subscription', () => {
    expect(parsed(`/subscriptions/${SUB}`)).toEqual({
      id: `/subscriptions/${SUB}`,
      kind: 'subscription',
      subscriptionId: SUB,
    });
  });

  it('parses a resource group', () => {
    expect(parsed(RG)).toEqual({
      id: RG,
      kind: 'resourceGroup',
      subscriptionId: SUB,
      resourceGroup: 'rg-app',
    });
  });

  it('parses a resource in a resource group', () => {
    expect(parsed(`${RG}/providers/Microsoft.Automation/automationAccounts/aa-one`)).toEqual({
      id: `${RG}/providers/Microsoft.Automation/automationAccounts/aa-one`,
      kind: 'resource',
      subscriptionId: SUB,
      resourceGroup: 'rg-app',
      resourceType: 'Microsoft.Automation/automationAccounts',
      name: 'aa-one',
    });
  });

  it('parses a resource directly under a subscription', () => {
    expect(parsed(`/subscriptions/${SUB}/providers/Microsoft.Contoso/widgets/w1`)).toEqual({
      id: `/subscriptions/${SUB}/providers/Microsoft.Contoso/widgets/w1`,
      kind: 'resource',
      subscriptionId: SUB,
      resourceType: 'Microsoft.Contoso/widgets',
      name: 'w1',
    });
  });

  it('parses a child resource and names it by its last segment', () => {
    const child = parsed(`${RG}/providers/Microsoft.KeyVault/vaults/kv-prod/secrets/db-password`);
    expect([child.kind, child.resourceType, child.name]).toEqual([
      'resource',
      'Microsoft.KeyVault/vaults/secrets',
      'db-password',
    ]);
  });
});

describe('parseResourceId: canonical casing', () => {
  it("writes ARM's keywords, subscription GUID and known types canonically and keeps the names' casing", () => {
    const shouted = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/RESOURCEGROUPS/Rg-App/PROVIDERS/MICROSOFT.AUTOMATION/AUTOMATIONACCOUNTS/AA-One`;
    expect(parsed(shouted).id).toBe(
      `/subscriptions/${SUB}/resourceGroups/Rg-App/providers/Microsoft.Automation/automationAccounts/AA-One`,
    );
  });

  it.each([
    ['microsoft.managedidentity/USERASSIGNEDIDENTITIES', 'Microsoft.ManagedIdentity/userAssignedIdentities'],
    ['MICROSOFT.COMPUTE/virtualmachines', 'Microsoft.Compute/virtualMachines'],
    ['microsoft.keyvault/Vaults', 'Microsoft.KeyVault/vaults'],
    ['microsoft.storage/storageaccounts', 'Microsoft.Storage/storageAccounts'],
  ])('canonicalises the known type %s', (given, canonical) => {
    const id = parsed(`${RG}/providers/${given}/x1`);
    expect([id.resourceType, id.id]).toEqual([canonical, `${RG}/providers/${canonical}/x1`]);
  });

  it('writes a management group ID canonically', () => {
    expect(parsed('/PROVIDERS/microsoft.management/MANAGEMENTGROUPS/Mg-Platform').id).toBe(
      '/providers/Microsoft.Management/managementGroups/Mg-Platform',
    );
  });

  it('keeps the casing of a type it does not know', () => {
    expect(parsed(`${RG}/providers/contoso.Widgets/gadgetS/g1`).id).toBe(
      `${RG}/providers/contoso.Widgets/gadgetS/g1`,
    );
  });
});

describe('comparing resource IDs', () => {
  it('compares IDs case-insensitively, as ARM does', () => {
    expect(
      sameResourceId(
        `${RG}/providers/Microsoft.KeyVault/vaults/KV`,
        `${RG.toUpperCase()}/PROVIDERS/microsoft.keyvault/VAULTS/kv`,
      ),
    ).toBe(true);
    expect(
      sameResourceId(
        `${RG}/providers/Microsoft.KeyVault/vaults/kv1`,
        `${RG}/providers/Microsoft.KeyVault/vaults/kv2`,
      ),
    ).toBe(false);
    expect(resourceIdKey('/Subscriptions/ABC')).toBe('/subscriptions/abc');
  });

  it('treats a scope as within itself, in any casing', () => {
    expect(isWithinScope(RG, RG.toUpperCase())).toBe(true);
  });

  it('puts a resource within its resource group, subscription and nothing narrower', () => {
    const vault = `${RG}/providers/Microsoft.KeyVault/vaults/kv-prod`;
    expect(isWithinScope(vault, RG)).toBe(true);
    expect(isWithinScope(vault, `/subscriptions/${SUB}`)).toBe(true);
    expect(isWithinScope(RG, vault)).toBe(false);
  });

  it('compares segment by segment, so rg1 is not within rg10 nor rg10 within rg1', () => {
    const rg1 = `/subscriptions/${SUB}/resourceGroups/rg1`;
    const rg10 = `/subscriptions/${SUB}/resourceGroups/rg10`;
    expect(isWithinScope(rg10, rg1)).toBe(false);
    expect(isWithinScope(rg1, rg10)).toBe(false);
    expect(isWithinScope(`${rg10}/providers/Microsoft.KeyVault/vaults/kv`, rg1)).toBe(false);
  });

  it('tells a resource of a type apart from other types and from scopes', () => {
    const identity = parsed(`${RG}/providers/microsoft.managedidentity/userassignedidentities/ua`);
    expect(isResourceOfType(identity, 'Microsoft.ManagedIdentity/userAssignedIdentities')).toBe(true);
    expect(isResourceOfType(identity, 'Microsoft.KeyVault/vaults')).toBe(false);
    expect(isResourceOfType(parsed(RG), 'Microsoft.Resources/resourceGroups')).toBe(false);
  });
});

describe('parseResourceId: what it refuses', () => {
  it.each([
    ['', 'is empty'],
    [`subscriptions/${SUB}`, "must start with '/'"],
    [`${RG}/`, "must not end with '/'"],
    [`/subscriptions/${SUB}//resourceGroups/rg`, 'has an empty segment'],
    [`/subscriptions/${SUB}/resourceGroups/./x`, "has a '.' or '..' segment"],
    [
      `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/..`,
      "has a '.' or '..' segment",
    ],
    [`/${'a'.repeat(1030)}`, 'is longer than 1024 characters'],
  ])('refuses %j: it %s', (id, message) => {
    expect(problemOf(id)).toBe(message);
  });

  it.each(['not-a-guid', '11111111111111111111111111111111', '11111111-1111-1111-1111-11111111111g'])(
    'refuses the subscription ID %s',
    (sub) => {
      expect(problemOf(`/subscriptions/${sub}`)).toBe('has a subscription ID that is not a GUID');
    },
  );

  it.each(['rg%20app', 'rg app', 'rg.', 'rg#x', 'a'.repeat(91), 'rg*', 'rg:x'])(
    'refuses the resource group name %j',
    (name) => {
      expect(problemOf(`/subscriptions/${SUB}/resourceGroups/${name}`)).toBe(
        'has an invalid resource group name',
      );
    },
  );

  it('accepts the resource group characters ARM allows', () => {
    expect(parsed(`/subscriptions/${SUB}/resourceGroups/My_RG-(prod).eu`).resourceGroup).toBe(
      'My_RG-(prod).eu',
    );
    expect(parsed(`/subscriptions/${SUB}/resourceGroups/${'a'.repeat(90)}`).kind).toBe('resourceGroup');
  });

  it('accepts a resource group name with Unicode letters, as ARM does', () => {
    expect(parsed(`/subscriptions/${SUB}/resourceGroups/rg-café`).resourceGroup).toBe('rg-café');
  });

  it.each([
    ['aa?x', '?'],
    ['aa#x', '#'],
    ['aa%2Fx', '%'],
    ['aa\\x', '\\'],
    ['aa\u0000x', 'NUL'],
    ['aa\tx', 'tab'],
    ['aa\u007fx', 'DEL'],
    ['aa x', 'space'],
  ])('refuses the resource name %j (%s)', (name) => {
    expect(problemOf(`${RG}/providers/Microsoft.Automation/automationAccounts/${name}`)).toBe(
      `has an invalid resource name '${name}'`,
    );
  });

  it('refuses a resource name longer than 260 characters', () => {
    const name = 'n'.repeat(261);
    expect(problemOf(`${RG}/providers/Microsoft.Automation/automationAccounts/${name}`)).toBe(
      `has an invalid resource name '${name}'`,
    );
  });

  it.each([
    [`${RG}/providers`, 'has an invalid provider namespace'],
    [`${RG}/providers/Microsoft/automationAccounts/aa`, 'has an invalid provider namespace'],
    [`${RG}/providers/Microsoft.Auto-mation/automationAccounts/aa`, 'has an invalid provider namespace'],
    [`${RG}/providers/Microsoft.Automation`, 'must name a resource as {namespace}/{type}/{name}'],
    [
      `${RG}/providers/Microsoft.Automation/automationAccounts`,
      'must name a resource as {namespace}/{type}/{name}',
    ],
    [
      `${RG}/providers/Microsoft.Automation/automationAccounts/aa/runbooks`,
      'must name a resource as {namespace}/{type}/{name}',
    ],
    [
      `${RG}/providers/Microsoft.Automation/automation-accounts/aa`,
      "has an invalid resource type 'automation-accounts'",
    ],
    [`/subscriptions/${SUB}/providers`, 'has an invalid provider namespace'],
    [
      `${RG}/resources/Microsoft.Automation/automationAccounts/aa`,
      "expects 'providers/{namespace}/{type}/{name}' after the resource group",
    ],
    [
      `/subscriptions/${SUB}/things/x`,
      "expects 'resourceGroups/{name}' or 'providers/...' after the subscription",
    ],
  ])('refuses the odd provider part in %s', (id, message) => {
    expect(problemOf(id)).toBe(message);
  });

  it.each([
    '/tenants/x',
    '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    '/providers/Microsoft.Management/managementGroups',
  ])('refuses %s, which is neither under a subscription nor a management group', (id) => {
    expect(problemOf(id)).toBe(
      "must start with '/subscriptions/{id}' or '/providers/Microsoft.Management/managementGroups/{id}'",
    );
  });

  it('refuses anything below a management group, and an invalid management group name', () => {
    expect(problemOf('/providers/Microsoft.Management/managementGroups/mg/subscriptions/x')).toBe(
      'has segments after the management group name',
    );
    expect(problemOf('/providers/Microsoft.Management/managementGroups/mg%25')).toBe(
      'has an invalid management group name',
    );
  });
});
