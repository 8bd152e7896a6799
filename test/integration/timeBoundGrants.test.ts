import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  SEED_ROLE_ASSIGNMENTS,
  STORAGE_ACCOUNT,
  UAI_REPORTING,
} from '../../dev/armSandbox/seed.js';
import { APPROVER, REQUESTER, STRANGER } from '../support/callers.js';
import { carryOut, eventTypes } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const seeded = new Set(SEED_ROLE_ASSIGNMENTS.map((a) => a.name));
/** UAI_REPORTING's assignments, those the seed gave it aside. */
const grants = () =>
  broker.sandboxes.arm.state
    .roleAssignments()
    .filter((a) => a.principalId === UAI_REPORTING.principalId && !seeded.has(a.name));
const seededGrants = () =>
  broker.sandboxes.arm.state
    .roleAssignments()
    .filter((a) => a.principalId === UAI_REPORTING.principalId && seeded.has(a.name));

const timeBound = [
  {
    kind: 'assignRole',
    principal: UAI_REPORTING.id,
    role: 'Key Vault Secrets User',
    scope: KEY_VAULT,
    duration: 'PT8H',
  },
  {
    kind: 'assignRole',
    principal: UAI_REPORTING.id,
    role: 'Reader',
    scope: STORAGE_ACCOUNT,
    duration: 'P2D',
  },
];

/** Submits, approves and applies, without letting any time pass (so no grant ends yet). */
async function grantNow(operations: unknown[]) {
  const submitted = await broker.submit({
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations,
    justification: 'incident',
  });
  await broker.approve(submitted.json.id);
  await broker.bus.drain({ maxDeliveries: 10 });
  return (await broker.get(submitted.json.id)).json;
}

describe('time-bound grants', () => {
  it('removes each assignment when its grant ends, and is revoked when none is left', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: timeBound,
      justification: 'incident',
    });
    expect(submitted.json.plan.warnings).toContain(
      "'Key Vault Secrets User' is time-bound: the broker removes the assignment PT8H after granting it.",
    );
    await broker.approve(submitted.json.id);
    const grantedAt = broker.clock.now().getTime();
    await broker.bus.drain({ maxDeliveries: 10 }); // apply, without moving the clock
    const granted = (await broker.get(submitted.json.id)).json;
    expect(granted.state).toBe('succeeded');
    expect(granted.results.map((r: { expiresAt: string }) => Date.parse(r.expiresAt) - grantedAt)).toEqual([
      8 * 3600_000,
      48 * 3600_000,
    ]);
    expect(grants()).toHaveLength(2);

    await broker.bus.drain({
      maxDeliveries: 5,
      advance: (to) =>
        broker.clock.advanceTo(to < new Date(grantedAt + 9 * 3600_000) ? to : new Date(grantedAt)),
    });
    const halfway = (await broker.get(submitted.json.id)).json;
    expect(halfway.state).toBe('succeeded');
    expect(halfway.results[0].revokedAt).toBe(new Date(grantedAt + 8 * 3600_000).toISOString());
    expect(grants().map((a) => a.scope)).toEqual([STORAGE_ACCOUNT]);

    await broker.run();
    const ended = (await broker.get(submitted.json.id)).json;
    expect(ended.state).toBe('revoked');
    expect(eventTypes(ended).slice(-3)).toEqual(['grantRevoked', 'grantRevoked', 'grantsRevoked']);
    expect(grants()).toEqual([]);
  });

  it('ends the grants early when the requester revokes, and refuses strangers and requests without such grants', async () => {
    const done = await grantNow(timeBound.slice(0, 1));
    expect(done.state).toBe('succeeded');
    expect(
      (await broker.call('POST', `/api/identity-requests/${done.id}/revoke`, { as: STRANGER })).status,
    ).toBe(404);
    const revoked = await broker.call('POST', `/api/identity-requests/${done.id}/revoke`, {
      as: REQUESTER,
      body: { comment: 'incident closed' },
    });
    expect(revoked.status).toBe(200);
    await broker.bus.drain({ maxDeliveries: 5 });
    const ended = (await broker.get(done.id)).json;
    expect(ended.state).toBe('revoked');
    expect(ended.results[0].revokedAt).toBe(broker.clock.now().toISOString());
    expect(grants()).toEqual([]);
    expect(
      (await broker.call('POST', `/api/identity-requests/${done.id}/revoke`, { as: APPROVER })).status,
    ).toBe(409);

    const permanent = await carryOut(broker, AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { ...timeBound[0], duration: undefined },
    ]);
    expect(
      (await broker.call('POST', `/api/identity-requests/${permanent.id}/revoke`, { as: REQUESTER })).status,
    ).toBe(409);
  });

  it('keeps trying to remove a grant ARM refuses to delete, and says so on the request', async () => {
    const done = await grantNow(timeBound.slice(0, 1));
    broker.sandboxes.arm.faults.inject({
      method: 'DELETE',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'no delete for you',
      times: 1,
    });
    await broker.run();
    const ended = (await broker.get(done.id)).json;
    expect(ended.state).toBe('revoked');
    expect(eventTypes(ended).slice(-3)).toEqual(['revocationFailed', 'grantRevoked', 'grantsRevoked']);
    const failed = ended.history.find((e: { type: string }) => e.type === 'revocationFailed');
    expect(Date.parse(failed.data.notBefore) - Date.parse(failed.at)).toBe(3600_000);
    expect(grants()).toEqual([]);
  });

  it('never removes an assignment that existed before the request, however the grant was asked for', async () => {
    const existing = seededGrants().map((a) => a.name);
    expect(existing).toHaveLength(1);
    const done = await grantNow([
      {
        kind: 'assignRole',
        principal: UAI_REPORTING.id,
        role: 'Storage Blob Data Reader',
        scope: STORAGE_ACCOUNT,
        duration: 'PT1H',
      },
    ]);
    expect(done.plan.warnings.join(' ')).toContain('already assigned outside the broker');
    expect(done.results[0]).toMatchObject({ status: 'noChange', origin: 'external' });
    expect(done.results[0].note).toContain('made outside the broker');
    await broker.run();
    // The request's grant ended; the assignment it relied on stays, as it was before.
    const ended = (await broker.get(done.id)).json;
    expect(ended.state).toBe('revoked');
    expect(ended.results[0].note).toContain('made outside the broker, so it stays');
    expect(seededGrants().map((a) => a.name)).toEqual(existing);
    expect(grants()).toEqual([]);
    expect(broker.armCalls((e) => e.method === 'DELETE')).toEqual([]);
  });

  it('refuses an expiresAt that is not in the future', async () => {
    const refused = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [{ ...timeBound[0], duration: undefined, expiresAt: '2020-01-01T00:00:00Z' }],
      justification: 'past',
    });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      { path: 'operations[0].expiresAt', message: 'is not in the future' },
    ]);
  });
});
