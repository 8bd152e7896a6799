import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/core/armError.js';
import type { Operation } from '../../../src/core/operation.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { AA, UA1, UA2 } from '../../fakes/ids.js';
import { eventsFor, requestOf } from '../../fakes/requestBuilder.js';
import type { World } from '../../fakes/world.js';
import { executorWorld, grant, unavailable } from './executorScenarios.js';

const enable: Operation = { kind: 'enableSystemAssignedIdentity' };
const START = ['policyEvaluated', 'applyStarted'];

let w: World;
beforeEach(() => {
  w = executorWorld();
});

/** What the executor wrote and sent since `mark()`: store commits and nudges. */
function since(mark: { commits: number; nudges: number }) {
  return { commits: w.store.commits.slice(mark.commits), nudges: w.nudger.nudges.slice(mark.nudges) };
}
const mark = () => ({ commits: w.store.commits.length, nudges: w.nudger.nudges.length });

describe('advanceRequest: starting to apply runs the first step in the same commit', () => {
  it('commits the start and the first step together, and nudges once for the next step', async () => {
    const request = await approved(w, [enable, grant('systemAssigned')]);
    const before = mark();
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: [...START, 'stepSucceeded'],
      next: 'now',
    });
    expect(since(before)).toEqual({
      commits: [{ requestId: request.id, version: 7, events: [...START, 'stepSucceeded'] }],
      nudges: [{ requestId: request.id, target: AA, version: 7 }],
    });
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);
    expect(await stateOf(w, request.id)).toMatchObject({ state: 'applying', nextStep: 1, version: 7 });

    await runUntilSettled(w, request.id);
    // Two steps: two commits and one nudge in all, where starting on its own took three and two.
    expect(since(before)).toEqual({
      commits: [
        { requestId: request.id, version: 7, events: [...START, 'stepSucceeded'] },
        { requestId: request.id, version: 9, events: ['stepSucceeded', 'requestSucceeded'] },
      ],
      nudges: [{ requestId: request.id, target: AA, version: 7 }],
    });
  });

  it('takes a one-step request from approved to succeeded in one commit, with no nudge', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    const before = mark();
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'succeeded',
      events: [...START, 'stepSucceeded', 'requestSucceeded'],
    });
    expect(since(before)).toEqual({
      commits: [
        { requestId: request.id, version: 8, events: [...START, 'stepSucceeded', 'requestSucceeded'] },
      ],
      nudges: [],
    });
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      completedAt: '2026-11-23T09:00:00.000Z',
      results: [{ status: 'succeeded' }],
    });
    expect(w.arm.identityOf(AA)?.userAssigned.map((u) => u.id)).toEqual([UA1, UA2]);
  });

  it('schedules a retry of the first step in the commit that starts applying', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext('createRoleAssignment', unavailable());
    const before = mark();
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: [...START, 'stepRetryScheduled'],
      next: '2026-11-23T09:00:05.000Z',
    });
    expect(since(before)).toEqual({
      commits: [{ requestId: request.id, version: 7, events: [...START, 'stepRetryScheduled'] }],
      nudges: [{ requestId: request.id, target: AA, version: 7, at: '2026-11-23T09:00:05.000Z' }],
    });
    expect((await stateOf(w, request.id)).progress).toStrictEqual({
      step: 0,
      attempt: 1,
      transientAttempts: 1,
      firstAttemptAt: '2026-11-23T09:00:00.000Z',
      lastError: { code: 'ServiceUnavailable', message: 'The service is unavailable' },
    });
  });

  it('fails on the first step in the commit that starts applying, with no nudge', async () => {
    w.arm.failNext('createRoleAssignment', new ArmError(403, 'AuthorizationFailed', 'No.', 'never'));
    const request = await approved(w, [grant(UA1)]);
    const before = mark();
    await advance(w, request.id);
    expect(since(before)).toEqual({
      commits: [{ requestId: request.id, version: 7, events: [...START, 'stepFailed'] }],
      nudges: [],
    });
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      error: { code: 'AuthorizationFailed', message: 'No.', operation: 0 },
    });
  });

  it('succeeds at once an approved request with no step to run', async () => {
    const stored = requestOf({ state: 'approved', version: 4 });
    delete stored.approvalExpiresAt;
    stored.plan.steps = [];
    await w.store.create(stored, eventsFor(stored));
    expect(await advance(w, stored.id)).toEqual({
      action: 'committed',
      state: 'succeeded',
      events: [...START, 'requestSucceeded'],
    });
    expect(await historyTypes(w, stored.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'policyEvaluated',
      'policyEvaluated',
      ...START,
      'requestSucceeded',
    ]);
    expect([w.arm.calls, w.nudger.nudges]).toEqual([[], []]);
  });

  it('after losing the commit to another writer, starts again on the next nudge without a second write', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    w.store.beforeNextCommit = async () => {
      const current = await w.store.get(request.id);
      if (current) await w.store.commit(current, { ...current.request, justification: 'edited' }, []);
    };
    expect(await advance(w, request.id)).toEqual({ action: 'conflict' });
    expect((await stateOf(w, request.id)).state).toBe('approved');
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'succeeded',
      events: [...START, 'stepSucceeded', 'requestSucceeded'],
    });
    // The PATCH went out once; the second look found UA2 attached already.
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);
  });
});
