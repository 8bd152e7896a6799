import { beforeEach, describe, expect, it } from 'vitest';
import { withActiveWork } from '../../../src/core/activeWork/withActiveWork.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import type { RequestStore } from '../../../src/core/ports.js';
import { sweepRequests } from '../../../src/core/useCases/sweepRequests.js';
import { AA } from '../../fakes/ids.js';
import { ManualClock } from '../../fakes/manualClock.js';
import { MemoryActiveWorkIndex } from '../../fakes/memoryActiveWorkIndex.js';
import { MemoryRequestStore } from '../../fakes/memoryRequestStore.js';
import { RecordingNudger } from '../../fakes/recordingNudger.js';
import { eventsFor, requestOf } from '../../fakes/requestBuilder.js';

const at = (time: string) => `2026-11-23T${time}.000Z`;
const REQUESTS: Array<[string, Partial<IdentityRequest>]> = [
  ['a-deadline-now', { state: 'awaitingApproval', approvalExpiresAt: at('12:00:00') }],
  ['b-deadline-soon', { state: 'awaitingApproval', approvalExpiresAt: at('12:00:01') }],
  ['c-approved-long-ago', { state: 'approved', updatedAt: at('11:54:59') }],
  ['d-approved-recently', { state: 'approved', updatedAt: at('11:56:00') }],
  ['e-retry-overdue', { state: 'applying', notBefore: at('11:55:00'), updatedAt: at('11:00:00') }],
  ['f-retry-pending', { state: 'applying', notBefore: at('11:59:00'), updatedAt: at('10:00:00') }],
  ['g-step-stalled', { state: 'applying', updatedAt: at('11:00:00') }],
  ['h-succeeded', { state: 'succeeded', updatedAt: at('09:00:00') }],
  ['i-failed', { state: 'failed', updatedAt: at('09:00:00') }],
];

let memory: MemoryRequestStore;
let index: MemoryActiveWorkIndex;
let store: RequestStore;
let nudger: RecordingNudger;
let clock: ManualClock;
const deps = () => ({ store, activeWork: index, nudger, clock });

beforeEach(async () => {
  memory = new MemoryRequestStore();
  index = new MemoryActiveWorkIndex();
  store = withActiveWork(memory, index);
  nudger = new RecordingNudger();
  clock = new ManualClock(at('12:00:00'));
  for (const [id, overrides] of REQUESTS) {
    const request = requestOf({ id, ...overrides });
    await store.create(request, eventsFor(request));
  }
});

const nudgedIds = () => nudger.nudges.map((n) => n.requestId);

describe('sweepRequests', () => {
  it('re-nudges only the requests that are overdue for a look, found through the index', async () => {
    expect(await sweepRequests(deps())).toMatchObject({ nudged: 4 });
    expect(nudgedIds().sort()).toEqual([
      'a-deadline-now',
      'c-approved-long-ago',
      'e-retry-overdue',
      'g-step-stalled',
    ]);
    expect(nudger.nudges.find((n) => n.requestId === 'a-deadline-now')).toEqual({
      requestId: 'a-deadline-now',
      target: AA,
      version: 3,
    });
  });

  it('reads only the entries that are due, not every request', async () => {
    // The two finished requests had nothing to do when they were made: no entry, never read.
    const outcome = await sweepRequests(deps());
    expect(outcome.examined).toBe(4);
    expect(index.entries('pending').map((e) => e.requestId)).toEqual(['a-deadline-now', 'b-deadline-soon']);
  });

  it('reads every page', async () => {
    expect(await sweepRequests(deps(), { pageSize: 1 })).toMatchObject({ examined: 4, nudged: 4 });
  });

  it('nudges as soon as a look is due when given no grace', async () => {
    // Entries were written with the default grace: with none, the sweeper still finds what they cover.
    clock.advanceTo(at('12:05:00'));
    expect(await sweepRequests(deps(), { graceMs: 0 })).toMatchObject({ nudged: 7 });
    expect(nudgedIds()).not.toContain('h-succeeded');
  });

  it('nudges nothing while nothing is overdue, and reads nothing', async () => {
    clock = new ManualClock(at('09:00:00'));
    expect(await sweepRequests(deps())).toMatchObject({ examined: 0, nudged: 0 });
  });

  it('looks again a grace later at what it nudged, in case that nudge is lost too', async () => {
    await sweepRequests(deps());
    nudger.nudges.length = 0;
    clock.advanceTo(at('12:04:59'));
    // b's deadline, d's lost nudge and f's retry have come due since; the four nudged wait a full grace.
    expect(nudgedIds()).toEqual([]);
    expect(await sweepRequests(deps())).toMatchObject({ nudged: 3 });
    clock.advanceTo(at('12:05:00'));
    expect((await sweepRequests(deps())).nudged).toBe(4);
  });

  it('drops an entry whose request has finished, and files it under the day it finished', async () => {
    const stored = await store.get('c-approved-long-ago');
    if (!stored) throw new Error('missing');
    const done = {
      ...stored.request,
      state: 'succeeded' as const,
      completedAt: at('11:58:00'),
      updatedAt: at('11:58:00'),
    };
    await memory.commit(stored, done, []); // beneath the index: nothing new to cover
    const outcome = await sweepRequests(deps());
    expect(nudgedIds()).not.toContain('c-approved-long-ago');
    expect(outcome.repaired).toBe(1);
    expect(index.entries('finished')).toEqual([
      { kind: 'finished', requestId: 'c-approved-long-ago', at: at('11:58:00') },
    ]);
    expect(index.entries('due').map((e) => e.requestId)).not.toContain('c-approved-long-ago');
  });

  it('costs the same with a thousand finished requests in the store', async () => {
    const before = { ...index.calls };
    await sweepRequests(deps());
    const few = { writes: index.calls.writes - before.writes, reads: index.calls.reads - before.reads };

    await beforeEachAgain();
    for (let i = 0; i < 1000; i++) {
      const id = `ffff${String(i).padStart(20, '0')}`;
      await memory.create(requestOf({ id, state: 'succeeded' }), []); // history, straight into the store
    }
    const after = { ...index.calls };
    await sweepRequests(deps());
    expect({ writes: index.calls.writes - after.writes, reads: index.calls.reads - after.reads }).toEqual(
      few,
    );
  });
});

async function beforeEachAgain() {
  memory = new MemoryRequestStore();
  index = new MemoryActiveWorkIndex();
  store = withActiveWork(memory, index);
  nudger = new RecordingNudger();
  for (const [id, overrides] of REQUESTS) {
    const request = requestOf({ id, ...overrides });
    await store.create(request, eventsFor(request));
  }
}
