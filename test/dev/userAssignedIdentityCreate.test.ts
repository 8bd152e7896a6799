import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RG_IDENTITIES, TENANT_ID } from '../../dev/armSandbox/seed.js';
import { msiClient, startTestSandboxes, type TestSandboxes } from './support/testSandboxes.js';

let s: TestSandboxes;
beforeAll(async () => {
  s = await startTestSandboxes();
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const [, , subscription, , group] = RG_IDENTITIES.split('/');

describe('ARM sandbox: user-assigned identities (UserAssignedIdentities_CreateOrUpdate, 2024-11-30)', () => {
  it('creates one with 201 and a new service principal, and answers 200 with the same IDs when put again', async () => {
    const client = await msiClient(s);
    const created = await client.userAssignedIdentities.createOrUpdate(group as string, 'id-new', {
      location: 'westeurope',
      tags: { team: 'platform' },
    });
    expect(created).toMatchObject({
      name: 'id-new',
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      location: 'westeurope',
      tags: { team: 'platform' },
      tenantId: TENANT_ID,
    });
    expect(created.principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(s.arm.log.at(-1)?.status).toBe(201);
    expect(s.arm.state.principal(created.principalId as string)?.principalType).toBe('ServicePrincipal');

    const again = await client.userAssignedIdentities.createOrUpdate(group as string, 'id-new', {
      location: 'westeurope',
    });
    expect([again.principalId, again.clientId]).toEqual([created.principalId, created.clientId]);
    expect(s.arm.log.at(-1)?.status).toBe(200);
    expect((await client.userAssignedIdentities.get(group as string, 'id-new')).principalId).toBe(
      created.principalId,
    );
    expect(subscription).toBeDefined();
  });
});
