import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_WITH_IDENTITIES, KEY_VAULT, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import { APPROVER } from '../support/callers.js';
import { carryOut } from '../support/carryOut.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

// Retention on (RETENTION_DAYS=1), on Azurite and the ARM sandbox.
let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ settings: { RETENTION_DAYS: '1' } });
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const grant = {
  kind: 'assignRole',
  principal: UAI_REPORTING.id,
  role: 'Key Vault Secrets User',
  scope: KEY_VAULT,
};

/** The grant ledger's rows: status and holders. */
async function ledger() {
  const rows: Array<{ status: string; holders: string[] }> = [];
  for await (const e of broker.services.ledger.list())
    rows.push({ status: e.status, holders: e.holders.map((h) => h.requestId) });
  return rows;
}

/** Two days on, the sweeper's pass: retention prunes what finished more than a day before. */
async function sweepTwoDaysLater() {
  broker.clock.advanceBy(2 * 86_400_000);
  await broker.host.runTimer('sweepRequests');
}

const gone = async (id: string) => (await broker.get(id, APPROVER)).status === 404;

describe('retention and the grant ledger', () => {
  it("removes an ended grant's ledger row with the last request that held it", async () => {
    const ended = await carryOut(broker, AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { ...grant, duration: 'PT8H' },
    ]);
    expect(ended.state).toBe('revoked');
    expect(await ledger()).toEqual([{ status: 'removed', holders: [] }]);
    await sweepTwoDaysLater();
    expect(await gone(ended.id)).toBe(true);
    expect(await ledger()).toEqual([]);
  });

  it('keeps the row while a live request still holds the grant, and removes it once none does', async () => {
    // A time-bound hold, then a permanent one on the same grant: the first ends, the second keeps it.
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [{ ...grant, duration: 'PT8H' }],
      justification: 'for a day',
    });
    await broker.approve(submitted.json.id);
    await broker.bus.drain({ maxDeliveries: 10 }); // applied, the clock not moved
    const permanent = await carryOut(broker, AUTOMATION_ACCOUNT_WITH_IDENTITIES, [grant]); // runs past the 8 hours
    expect((await broker.get(submitted.json.id)).json.state).toBe('revoked');
    expect(await ledger()).toEqual([{ status: 'active', holders: [permanent.id] }]);

    await sweepTwoDaysLater();
    expect(await gone(submitted.json.id)).toBe(true);
    expect(await gone(permanent.id)).toBe(false); // it holds a grant: never pruned
    expect(await ledger()).toEqual([{ status: 'active', holders: [permanent.id] }]);
    await expectLedgerMatchesArm(broker);

    // The assignment removed by a request of its own: the permanent holder is told, and nobody holds it.
    const removal = await carryOut(broker, AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'removeRoleAssignment', principal: UAI_REPORTING.id, role: grant.role, scope: KEY_VAULT },
    ]);
    expect(removal.state).toBe('succeeded');
    expect(await ledger()).toEqual([{ status: 'removed', holders: [] }]);
    await sweepTwoDaysLater();
    // Both go: the holder too, whose grant the removal ended (it was filed as finished by that commit).
    expect([await gone(permanent.id), await gone(removal.id)]).toEqual([true, true]);
    expect(await ledger()).toEqual([]);
  });
});
