import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  UAI_REPORTING,
} from '../../dev/armSandbox/seed.js';
import { EVENTS_TOPIC } from '../../src/adapters/serviceBus/queueNames.js';
import type { EventPublisher, Nudger } from '../../src/core/ports.js';
import { countingIndex } from '../../bench/countingIndex.js';
import { countingStore, type TableCounts } from '../../bench/countingStore.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

/** Drops the nudges (immediate or scheduled) the test says, as a process dying after its commit would. */
const lose = { immediate: false, scheduled: false };
const losing = (real: Nudger): Nudger => ({
  nudge: async (nudge, at) => {
    if (at ? lose.scheduled : lose.immediate) return;
    await real.nudge(nudge, at);
  },
});
const failPublish = { on: false };
const failing = (real: EventPublisher): EventPublisher => ({
  publish: async (events) => {
    if (failPublish.on) throw new Error('injected: Service Bus is down');
    await real.publish(events);
  },
});

const store: TableCounts = { reads: 0, writes: 0 };
const index: TableCounts = { reads: 0, writes: 0 };
let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({
    wrapStore: (s) => countingStore(s, store),
    wrapIndex: (i) => countingIndex(i, index),
    wrapEvents: failing,
    wrapServices: (services) => ({ ...services, nudger: losing(services.nudger) }),
  });
});
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(async () => {
  await broker.reset();
  Object.assign(lose, { immediate: false, scheduled: false });
  failPublish.on = false;
});

const later = (minutes: number) =>
  broker.clock.advanceTo(new Date(broker.clock.now().getTime() + minutes * 60_000));
/** One pass of the sweeper, counting what it cost in table round trips. */
async function sweep(): Promise<{ store: TableCounts; index: TableCounts }> {
  const before = { store: { ...store }, index: { ...index } };
  await broker.host.runTimer('sweepRequests');
  return {
    store: { reads: store.reads - before.store.reads, writes: store.writes - before.store.writes },
    index: { reads: index.reads - before.index.reads, writes: index.writes - before.index.writes },
  };
}
const enable = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook needs an identity',
};
const state = async (id: string): Promise<string> => (await broker.get(id)).json.state;

describe('the sweeper, through the index of active work', () => {
  it('re-nudges an approved request whose nudge was lost, reading only its entry', async () => {
    const id: string = (await broker.submit(enable)).json.id;
    lose.immediate = true;
    expect((await broker.approve(id)).status).toBe(200);
    lose.immediate = false;
    expect(await broker.run()).toBe(0); // nothing on the queue: the nudge is gone
    later(6);
    const cost = await sweep();
    // Approved within minutes, its pending entry (due with the submission's event) covered it: one read.
    expect(cost.store.reads).toBe(1);
    await broker.run();
    expect(await state(id)).toBe('succeeded');
  });

  it('expires a request nobody decided, found by its pending entry', async () => {
    const id: string = (await broker.submit(enable)).json.id;
    later(6);
    await sweep(); // sends and clears the submission's event; the entry moves to the deadline
    later(24 * 60);
    await sweep();
    await broker.run();
    expect(await state(id)).toBe('expired');
    later(6);
    await sweep();
    expect((await sweep()).store.reads).toBe(0); // finished: no entry left to read
  });

  it('ends a time-bound grant whose scheduled nudge was lost', async () => {
    const id: string = (
      await broker.submit({
        target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
        operations: [
          {
            kind: 'assignRole',
            principal: UAI_REPORTING.id,
            role: 'Key Vault Secrets User',
            scope: KEY_VAULT,
            duration: 'PT1H',
          },
        ],
        justification: 'incident',
      })
    ).json.id;
    lose.scheduled = true;
    await broker.approve(id);
    await broker.run();
    expect(await state(id)).toBe('succeeded');
    lose.scheduled = false;
    later(6);
    await sweep(); // the events are sent; the entry moves to the grant's end
    later(60);
    await sweep();
    await broker.run();
    expect(await state(id)).toBe('revoked');
  });

  it('publishes an event its commit could not send', async () => {
    const id: string = (await broker.submit(enable)).json.id;
    failPublish.on = true;
    await broker.call('POST', `/api/identity-requests/${id}/cancel`, { body: {} });
    failPublish.on = false;
    const cancelled = () =>
      broker.bus.topicMessages(EVENTS_TOPIC).filter((m) => m.subject === 'requestCancelled');
    expect(cancelled()).toHaveLength(0);
    later(6);
    await sweep();
    expect(cancelled().map((m) => m.messageId)).toEqual([`${id}-4`]);
    expect((await sweep()).store.reads).toBe(0);
  });

  it('costs a one-step request one index write, its pending entry: 5 table writes in all', async () => {
    const before = { store: { ...store }, index: { ...index } };
    const id: string = (await broker.submit(enable)).json.id;
    await broker.approve(id); // within minutes: the pending entry, due with the submission's event, covers it
    await broker.run();
    expect(await state(id)).toBe('succeeded');
    expect({
      storeWrites: store.writes - before.store.writes,
      indexWrites: index.writes - before.index.writes,
      indexReads: index.reads - before.index.reads,
    }).toEqual({ storeWrites: 4, indexWrites: 1, indexReads: 0 });
  });

  it('re-nudges a late approval whose nudge was lost, through the due entry the approval wrote', async () => {
    const id: string = (await broker.submit(enable)).json.id;
    later(6);
    await sweep(); // the submission's event is sent: the pending entry now waits for the deadline
    const before = index.writes;
    lose.immediate = true;
    await broker.approve(id);
    lose.immediate = false;
    const written = index.writes - before;
    expect(await broker.run()).toBe(0);
    later(6);
    await sweep();
    await broker.run();
    expect(await state(id)).toBe('succeeded');
    expect(written).toBe(1); // that entry, written before the approval's commit
  });
});
