import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import type { Nudger } from '../../src/core/ports.js';
import { countingIndex } from '../../bench/countingIndex.js';
import { countingStore, type TableCounts } from '../../bench/countingStore.js';
import { seedFinishedRequests } from '../../bench/seedHistory.js';
import { eventsFor, requestOf } from '../fakes/requestBuilder.js';
import { APPROVER } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const lose = { immediate: false };
const losing = (real: Nudger): Nudger => ({
  nudge: async (nudge, at) => (lose.immediate && !at ? undefined : real.nudge(nudge, at)),
});
const counts = { store: { reads: 0, writes: 0 }, index: { reads: 0, writes: 0 } };

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    wrapStore: (s) => countingStore(s, counts.store),
    wrapIndex: (i) => countingIndex(i, counts.index),
    wrapServices: (services) => ({ ...services, nudger: losing(services.nudger) }),
  });
  await broker.reset();
});
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));

const later = (minutes: number) =>
  broker.clock.advanceTo(new Date(broker.clock.now().getTime() + minutes * 60_000));
/** Table round trips (request store and index, reads and writes) that `work` makes. */
async function cost(work: () => Promise<unknown>): Promise<TableCounts & { index: TableCounts }> {
  const before = structuredClone(counts);
  await work();
  return {
    reads: counts.store.reads - before.store.reads,
    writes: counts.store.writes - before.store.writes,
    index: {
      reads: counts.index.reads - before.index.reads,
      writes: counts.index.writes - before.index.writes,
    },
  };
}
const enable = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook needs an identity',
};

/**
 * The same active work each time: one request whose approval's nudge is lost, one left undecided; a pass of
 * the sweeper and a page of pending approvals are measured; then both are finished and swept away.
 */
async function oneRound() {
  const lost: string = (await broker.submit(enable)).json.id;
  const waiting: string = (await broker.submit(enable)).json.id;
  lose.immediate = true;
  await broker.approve(lost);
  lose.immediate = false;
  later(6);
  const sweeper = await cost(() => broker.host.runTimer('sweepRequests'));
  let listed: string[] = [];
  const pendingList = await cost(async () => {
    const page = await broker.call('GET', '/api/identity-requests?state=awaitingApproval&limit=10', {
      as: APPROVER,
    });
    listed = page.json.items.map((r: { id: string }) => r.id);
  });
  await broker.run();
  await broker.call('POST', `/api/identity-requests/${waiting}/cancel`, { body: {} });
  later(6);
  await broker.host.runTimer('sweepRequests');
  expect((await broker.get(lost)).json.state).toBe('succeeded');
  return { sweeper, pendingList, listed: listed.length };
}

describe('cost with history', () => {
  it('makes the same table round trips for the sweeper and the pending list with 10 times the finished requests', async () => {
    const request = requestOf({ state: 'succeeded', version: 7, completedAt: '2026-11-23T09:06:00.000Z' });
    const template = { request, events: eventsFor(request) };
    await seedFinishedRequests(broker.azurite, 60, template, { now: broker.clock.now() });
    await oneRound(); // the first pass after seeding also settles what the seed left due
    const few = await oneRound();
    await seedFinishedRequests(broker.azurite, 540, template, { now: broker.clock.now(), from: 60 });
    const many = await oneRound();
    expect(few.listed).toBe(1);
    expect(many).toEqual(few);
  }, 120_000);
});
