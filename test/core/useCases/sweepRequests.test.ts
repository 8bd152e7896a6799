import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { sweepRequests } from '../../../src/core/useCases/sweepRequests.js';
import { AA } from '../../fakes/ids.js';
import { ManualClock } from '../../fakes/manualClock.js';
import { eventsFor, requestOf } from '../../fakes/requestBuilder.js';
import { type World, world } from '../../fakes/world.js';

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

let w: World;
beforeEach(async () => {
  w = world();
  w.clock.advanceTo(at('12:00:00'));
  for (const [id, overrides] of REQUESTS) {
    const request = requestOf({ id, ...overrides });
    await w.store.create(request, eventsFor(request));
  }
});

const nudgedIds = () => w.nudger.nudges.map((n) => n.requestId);

describe('sweepRequests', () => {
  it('re-nudges only the requests that are overdue for a look', async () => {
    expect(await sweepRequests(w)).toMatchObject({ examined: 7, nudged: 4 });
    expect(nudgedIds()).toEqual([
      'a-deadline-now',
      'c-approved-long-ago',
      'e-retry-overdue',
      'g-step-stalled',
    ]);
    expect(w.nudger.nudges[0]).toEqual({ requestId: 'a-deadline-now', target: AA, version: 3 });
  });

  it('reads every page', async () => {
    expect(await sweepRequests(w, { pageSize: 1 })).toMatchObject({ examined: 7, nudged: 4 });
  });

  it('nudges as soon as a look is due when given no grace', async () => {
    expect(await sweepRequests(w, { graceMs: 0 })).toMatchObject({ examined: 7, nudged: 6 });
    expect(nudgedIds()).not.toContain('b-deadline-soon');
  });

  it('nudges nothing while nothing is overdue', async () => {
    w.clock = new ManualClock(at('09:00:00'));
    expect(await sweepRequests(w)).toMatchObject({ examined: 7, nudged: 0 });
  });
});
