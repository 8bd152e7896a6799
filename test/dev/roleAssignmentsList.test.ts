import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
beforeEach(() => s.arm.reset());

const BELOW = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const [rbacAdmin, brokerOperator, uaBrokerOperator, , aaReader, , userOwner] = seed.SEED_ROLE_ASSIGNMENTS.map(
  (a) => a.name,
);
const names = async (scope: string, filter?: string) => {
  const found: string[] = [];
  for await (const a of authorization.roleAssignments.listForScope(scope, filter ? { filter } : {}))
    found.push(a.name ?? '');
  return found.sort();
};
const sorted = (...values: Array<string | undefined>) => values.map(String).sort();

/** The broker holds Reader on one identity, below RG_IDENTITIES. */
async function assignBelow() {
  await authorization.roleAssignments.create(seed.UAI_RUNBOOKS.id, BELOW, {
    roleDefinitionId: `/subscriptions/${seed.SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${seed.ROLE_DEFINITION_IDS.Reader}`,
    principalId: seed.BROKER.objectId,
    principalType: 'ServicePrincipal',
  });
}

describe('listing role assignments', () => {
  it("returns a principal's assignments at, above and below the scope for principalId eq", async () => {
    await assignBelow();
    expect(await names(seed.RG_IDENTITIES, `principalId eq '${seed.BROKER.objectId}'`)).toEqual(
      sorted(rbacAdmin, brokerOperator, BELOW),
    );
  });

  it('returns only assignments at or above the scope for atScope()', async () => {
    await assignBelow();
    expect(await names(seed.RG_IDENTITIES, 'atScope()')).toEqual(
      sorted(rbacAdmin, brokerOperator, uaBrokerOperator, userOwner),
    );
  });

  it('combines atScope() and principalId eq', async () => {
    await assignBelow();
    expect(await names(seed.RG_IDENTITIES, `atScope() and principalId eq '${seed.BROKER.objectId}'`)).toEqual(
      sorted(rbacAdmin, brokerOperator),
    );
  });

  it('returns at, above and below without a filter, and nothing from other subscriptions', async () => {
    expect(await names(seed.SUBSCRIPTION_SCOPE)).toEqual(
      sorted(rbacAdmin, brokerOperator, uaBrokerOperator, aaReader, userOwner),
    );
  });
});

describe('reading and deleting role assignments', () => {
  it('gets an assignment by name at its scope and 404s it elsewhere', async () => {
    const existing = seed.EXISTING_ROLE_ASSIGNMENT;
    const got = await authorization.roleAssignments.get(existing.scope, existing.name);
    expect(got).toMatchObject({
      name: existing.name,
      principalId: existing.principalId,
      scope: existing.scope,
    });
    expect(
      await sdkError(() => authorization.roleAssignments.get(seed.RG_DATA, existing.name)),
    ).toMatchObject({
      code: 'RoleAssignmentNotFound',
      statusCode: 404,
    });
  });

  it('deletes with 200 and the deleted body, then answers 204 once it is gone', async () => {
    const existing = seed.EXISTING_ROLE_ASSIGNMENT;
    const deleted = await authorization.roleAssignments.delete(existing.scope, existing.name);
    expect(deleted.name).toBe(existing.name);
    const again = await authorization.roleAssignments.delete(existing.scope, existing.name);
    expect(again.name).toBeUndefined();
    expect(s.arm.log.map((e) => e.status)).toEqual([200, 204]);
  });

  it('deletes by full assignment ID', async () => {
    const id = `${seed.RG_AUTOMATION}/providers/Microsoft.Authorization/roleAssignments/${aaReader}`;
    expect((await authorization.roleAssignments.deleteById(id)).id).toBe(id);
    await authorization.roleAssignments.deleteById(id);
    expect(s.arm.log.map((e) => [e.path, e.status])).toEqual([
      [id, 200],
      [id, 204],
    ]);
  });
});
