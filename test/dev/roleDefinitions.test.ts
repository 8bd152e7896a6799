import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  authorizationClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let authorization: AuthorizationManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  authorization = await authorizationClient(s);
});
afterAll(() => s.close());

const list = async (scope: string, filter?: string) => {
  const found = [];
  for await (const definition of authorization.roleDefinitions.list(scope, filter ? { filter } : {}))
    found.push(definition);
  return found;
};
const kvUser = seed.ROLE_DEFINITION_IDS['Key Vault Secrets User'];

describe('role definitions', () => {
  it.each([
    [
      'a management group',
      seed.MANAGEMENT_GROUP_SCOPE,
      `/providers/Microsoft.Authorization/roleDefinitions/${kvUser}`,
    ],
    [
      'a subscription',
      seed.SUBSCRIPTION_SCOPE,
      `/subscriptions/${seed.SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${kvUser}`,
    ],
    [
      'a resource group',
      seed.RG_AUTOMATION,
      `/subscriptions/${seed.SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${kvUser}`,
    ],
    [
      'a resource',
      seed.KEY_VAULT,
      `/subscriptions/${seed.DATA_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${kvUser}`,
    ],
  ])('resolve by name at %s, with the ID form that scope gets', async (_kind, scope, id) => {
    const found = await list(scope, "roleName eq 'key vault secrets user'");
    expect(found.map((d) => [d.id, d.name, d.roleName, d.roleType])).toEqual([
      [id, kvUser, 'Key Vault Secrets User', 'BuiltInRole'],
    ]);
  });

  it('lists every seeded built-in role without a filter, with the real GUIDs', async () => {
    const found = await list(seed.SUBSCRIPTION_SCOPE);
    expect(Object.fromEntries(found.map((d) => [d.roleName, d.name]))).toEqual(seed.ROLE_DEFINITION_IDS);
  });

  it('gets one by GUID at a scope or by its tenant-level ID, and 404s an unknown GUID', async () => {
    const owner = seed.ROLE_DEFINITION_IDS.Owner;
    expect((await authorization.roleDefinitions.get(seed.RG_COMPUTE, owner)).roleName).toBe('Owner');
    const byId = await authorization.roleDefinitions.getById(
      `/providers/Microsoft.Authorization/roleDefinitions/${owner}`,
    );
    expect(byId.id).toBe(`/providers/Microsoft.Authorization/roleDefinitions/${owner}`);
    const missing = await sdkError(() =>
      authorization.roleDefinitions.get(seed.SUBSCRIPTION_SCOPE, '00000000-0000-4000-8000-000000000000'),
    );
    expect(missing).toMatchObject({ code: 'RoleDefinitionDoesNotExist', statusCode: 404 });
  });

  it('404s a scope that does not exist', async () => {
    const error = await sdkError(() =>
      list(`${seed.SUBSCRIPTION_SCOPE}/resourceGroups/rg-missing`, "roleName eq 'Reader'"),
    );
    expect(error).toMatchObject({ code: 'ResourceGroupNotFound', statusCode: 404 });
  });
});
