import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ArmError } from '../../../src/core/armError.js';
import type { Operation } from '../../../src/core/operation.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { AA, UA1, UA2 } from '../../fakes/ids.js';
import { eventsFor, requestOf } from '../../fakes/requestBuilder.js';
import { APPROVER, type World } from '../../fakes/world.js';
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

describe('advanceRequest: applying is committed before the first ARM write', () => {
  it('commits the start, then runs the first step in the same turn and nudges once for the next', async () => {
    const request = await approved(w, [enable, grant('systemAssigned')]);
    const before = mark();
    let stateAtFirstWrite: string | undefined;
    w.arm.beforeWrite = async () => {
      stateAtFirstWrite ??= (await stateOf(w, request.id)).state;
    };
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: [...START, 'stepSucceeded'],
      next: 'now',
    });
    expect(stateAtFirstWrite).toBe('applying');
    expect(since(before)).toEqual({
      commits: [
        { requestId: request.id, version: 6, events: START },
        { requestId: request.id, version: 7, events: ['stepSucceeded'] },
      ],
      nudges: [{ requestId: request.id, target: AA, version: 7 }],
    });
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);

    await runUntilSettled(w, request.id);
    expect(since(before).commits.at(-1)).toEqual({
      requestId: request.id,
      version: 9,
      events: ['stepSucceeded', 'requestSucceeded'],
    });
  });

  it('takes a one-step request from approved to succeeded in two commits, with no nudge', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    const before = mark();
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'succeeded',
      events: [...START, 'stepSucceeded', 'requestSucceeded'],
    });
    expect(since(before)).toEqual({
      commits: [
        { requestId: request.id, version: 6, events: START },
        { requestId: request.id, version: 8, events: ['stepSucceeded', 'requestSucceeded'] },
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

  it('reads the request once: the step runs on what the start commit answered, not on a second read', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    const reads = vi.spyOn(w.store, 'get');
    expect(await advance(w, request.id)).toMatchObject({ state: 'succeeded' });
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('schedules a retry of the first step after the start is committed', async () => {
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
      commits: [
        { requestId: request.id, version: 6, events: START },
        { requestId: request.id, version: 7, events: ['stepRetryScheduled'] },
      ],
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

  it('fails on the first step after the start is committed, with no nudge', async () => {
    w.arm.failNext('createRoleAssignment', new ArmError(403, 'AuthorizationFailed', 'No.', 'never'));
    const request = await approved(w, [grant(UA1)]);
    const before = mark();
    await advance(w, request.id);
    expect(since(before)).toEqual({
      commits: [
        { requestId: request.id, version: 6, events: START },
        { requestId: request.id, version: 7, events: ['stepFailed'] },
      ],
      nudges: [],
    });
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      error: { code: 'AuthorizationFailed', message: 'No.', operation: 0 },
    });
  });

  it('succeeds an approved request with no step to run', async () => {
    const stored = requestOf({ state: 'approved', version: 4 });
    delete stored.approvalExpiresAt;
    // Approved means approved by someone: the executor checks the quorum again.
    stored.decisions = [{ decision: 'approved', by: { id: APPROVER.id }, at: stored.createdAt, version: 3 }];
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

  it('sends nothing to ARM when it loses the start to another writer (a cancel), and stops', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    w.store.beforeNextCommit = async () => {
      const current = await w.store.get(request.id);
      if (current) await w.store.commit(current, { ...current.request, justification: 'edited' }, []);
    };
    expect(await advance(w, request.id)).toEqual({ action: 'conflict' });
    expect(w.arm.writes()).toEqual([]);
    expect((await stateOf(w, request.id)).state).toBe('approved');
    expect(await advance(w, request.id)).toMatchObject({ action: 'committed', state: 'succeeded' });
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);
  });

  it('records a step whose commit lost to another writer on what it reloads, without a second write', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA2 }]);
    let commitsSeen = 0;
    const interfere = async () => {
      const current = await w.store.get(request.id);
      if (current) await w.store.commit(current, { ...current.request, justification: 'edited' }, []);
    };
    // The second commit is the step's: a writer slips in after ARM was written and before it is recorded.
    const original = w.store.commit.bind(w.store);
    w.store.commit = async (...args) => {
      if (++commitsSeen === 2) await interfere();
      return original(...args);
    };
    expect(await advance(w, request.id)).toMatchObject({ action: 'committed', state: 'succeeded' });
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      justification: 'edited',
      results: [{ status: 'succeeded' }],
    });
  });
});
