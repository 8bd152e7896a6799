import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, SUBSCRIPTION_ID } from '../../dev/armSandbox/seed.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

const grant = (scope: string, role = 'Key Vault Secrets User') =>
  broker.submit({
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'assignRole', principal: 'systemAssigned', role, scope }],
    justification: 'role name resolution under faults',
  });

describe('resolving a role name at submission', () => {
  it('answers 503 with Retry-After when ARM throttles the role definition list', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'GET',
      path: '/roleDefinitions',
      status: 429,
      code: 'TooManyRequests',
      headers: { 'retry-after': '7' },
      times: 5,
    });
    const response = await grant(KEY_VAULT);
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers['retry-after']).toBe('7');
  });

  it('answers 422 naming the role when the scope does not exist', async () => {
    const missingScope = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-nowhere/providers/Microsoft.KeyVault/vaults/kv-nowhere`;
    const response = await grant(missingScope);
    expect(response.status).toBe(422);
    expect(response.json.errors).toEqual([
      { path: 'operations[0].role', message: expect.stringContaining('rg-nowhere') },
    ]);
  });
});
