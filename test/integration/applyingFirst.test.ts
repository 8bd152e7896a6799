import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

const grant = {
  kind: 'assignRole',
  principal: UAI_REPORTING.id,
  role: 'Key Vault Secrets User',
  scope: KEY_VAULT,
  duration: 'PT1H',
};
const vaultGrants = () =>
  broker.sandboxes.arm.state
    .roleAssignments()
    .filter((a) => a.principalId === UAI_REPORTING.principalId && a.scope === KEY_VAULT);

async function submitAndApprove() {
  const submitted = await broker.submit({
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [grant],
    justification: 'race',
  });
  expect((await broker.approve(submitted.json.id, APPROVER)).status).toBe(200);
  return submitted.json.id as string;
}

const cancel = (id: string) =>
  broker.call('POST', `/api/identity-requests/${id}/cancel`, { as: REQUESTER, body: {} });

describe('no ARM write before applying is committed', () => {
  it('refuses a cancel that lands while the first ARM write is in flight, and records the write', async () => {
    const id = await submitAndApprove();
    const cancels: number[] = [];
    broker.sandboxes.arm.whileWriting = async () => {
      broker.sandboxes.arm.whileWriting = undefined;
      cancels.push((await cancel(id)).status);
    };
    await broker.bus.drain({ maxDeliveries: 20 });
    expect(cancels).toEqual([409]);
    const done = (await broker.get(id)).json;
    expect(done.state).toBe('succeeded');
    expect(vaultGrants().map((a) => a.name)).toEqual([done.results[0].roleAssignmentId.split('/').pop()]);
  });

  it('accounts for every assignment over 200 random approve/cancel interleavings with ARM latency', async () => {
    let seed = 20261201;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const outcomes = { cancelled: 0, succeeded: 0 };
    // This test is about the race, not throttling: 400 writes in seconds would empty ARM's token bucket.
    broker.sandboxes.arm.options.writeBucket = { capacity: 10_000, refillPerSecond: 1_000 };
    // Reads too (250 at 25/s, as ARM): 200 submissions plan with 2 reads each, in well under a second.
    broker.sandboxes.arm.options.readBucket = { capacity: 10_000, refillPerSecond: 1_000 };
    for (let round = 0; round < 200; round++) {
      broker.sandboxes.arm.options.writeLatencyMs = Math.floor(random() * 4);
      const id = await submitAndApprove();
      // The cancel starts up to 3 ms before or after the executor's nudge is delivered.
      const lead = Math.floor(random() * 7) - 3;
      const wait = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
      const [, cancelled] = await Promise.all([
        wait(lead).then(() => broker.bus.drain({ maxDeliveries: 20 })),
        wait(-lead).then(() => cancel(id)),
      ]);
      await broker.bus.drain({ maxDeliveries: 20 });
      const done = (await broker.get(id)).json;
      if (cancelled.status === 200) {
        expect(done.state).toBe('cancelled');
        expect(vaultGrants()).toEqual([]);
        outcomes.cancelled++;
      } else {
        expect(cancelled.status).toBe(409);
        expect(done.state).toBe('succeeded');
        expect(vaultGrants().map((a) => a.name)).toEqual([done.results[0].roleAssignmentId.split('/').pop()]);
        outcomes.succeeded++;
      }
      if (round % 25 === 24) await expectLedgerMatchesArm(broker);
      // End the grant so the next round starts from nothing.
      await broker.bus.drain({ maxDeliveries: 20, advance: (to) => broker.clock.advanceTo(to) });
      expect(vaultGrants()).toEqual([]);
    }
    // Both sides of the race were exercised.
    expect(outcomes.cancelled).toBeGreaterThan(10);
    expect(outcomes.succeeded).toBeGreaterThan(10);
  }, 120_000);
});
