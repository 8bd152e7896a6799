import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { advanceRequest } from '../../src/core/useCases/advanceRequest.js';
import { grantNow as grantStory, vaultGrant, vaultGrantsIn } from '../support/grantStories.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

const HOUR = 3600_000;
const vaultGrants = () => vaultGrantsIn(broker);
const grant = vaultGrant;
const grantNow = async (operation: Record<string, unknown>) => (await grantStory(broker, operation)).done;

/**
 * A permanent request planned before the grant existed (so it will PUT) runs after a time-bound request
 * made it; that grant ends while the permanent request's PUT is in flight and then refused. The ending
 * keeps the assignment for a request still being carried out, which then fails.
 */
async function endWhileAPermanentGrantFails(start: number) {
  const submitted = await broker.submit({
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [grant()],
    justification: 'grant edges',
  });
  expect(submitted.json.plan.steps[0].change).toBe('write');
  const earlier = await grantNow(grant({ duration: 'PT1H' }));
  broker.sandboxes.arm.faults.inject({ method: 'PUT', status: 403, code: 'AuthorizationFailed', times: 1 });
  broker.sandboxes.arm.whileWriting = async ({ method }) => {
    if (method !== 'PUT') return;
    broker.sandboxes.arm.whileWriting = undefined;
    broker.clock.advanceTo(new Date(start + 2 * HOUR));
    await advanceRequest(earlier.id, broker.services);
  };
  expect((await broker.approve(submitted.json.id)).status).toBe(200);
  await broker.bus.drain({ maxDeliveries: 20 });
  return { earlier, failed: (await broker.get(submitted.json.id)).json };
}

describe('grants at the edges', () => {
  it('gives up the hold of a grant that failed, so a grant nobody holds any more is removed', async () => {
    const { earlier, failed } = await endWhileAPermanentGrantFails(broker.clock.now().getTime());
    expect(failed.state).toBe('failed');
    expect((await broker.get(earlier.id)).json.state).toBe('revoked');
    expect(vaultGrants()).toEqual([]);
  });

  it('takes over a removal its request abandoned, instead of waiting for it forever', async () => {
    // The failed request's own clean-up cannot delete either: the removal is left half done.
    broker.sandboxes.arm.faults.inject({
      method: 'DELETE',
      status: 500,
      code: 'InternalServerError',
      times: 1,
    });
    const { failed } = await endWhileAPermanentGrantFails(broker.clock.now().getTime());
    expect(failed.state).toBe('failed');
    const next = await grantNow(grant());
    expect(next.state).toBe('succeeded');
    expect(vaultGrants().map((a) => a.name)).toEqual([next.results[0].roleAssignmentId.split('/').pop()]);
  });

  it("records on every holder's request that an approved removal ended its grant", async () => {
    const holder = await grantNow(grant());
    const removal = await grantNow({
      kind: 'removeRoleAssignment',
      principal: UAI_REPORTING.id,
      role: 'Key Vault Secrets User',
      scope: KEY_VAULT,
    });
    expect(removal.state).toBe('succeeded');
    expect(removal.results[0].note).toContain(`request ${holder.id} permanently`);
    expect(vaultGrants()).toEqual([]);
    const ended = (await broker.get(holder.id)).json;
    expect(ended.state).toBe('succeeded');
    expect(ended.results[0]).toMatchObject({ revokedAt: expect.any(String) });
    expect(ended.results[0].note).toContain(`by request ${removal.id}`);
    expect(ended.history.at(-1)).toMatchObject({ type: 'grantRevoked', data: { removedBy: removal.id } });
  });
});
