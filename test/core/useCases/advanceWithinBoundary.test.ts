import { beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/operation.js';
import { advanceWithinBoundary } from '../../../src/core/useCases/advanceWithinBoundary.js';
import { advance, approved, historyTypes, stateOf } from '../../fakes/drive.js';
import { KV, UA1, VM } from '../../fakes/ids.js';
import type { World } from '../../fakes/world.js';
import { attachUa2, executorWorld, unavailable } from './executorScenarios.js';

let w: World;
beforeEach(() => {
  w = executorWorld();
});

/** A bug while looking at a VM's update: what no ARM classification covers. */
const bug = () => new TypeError("Cannot read properties of undefined (reading 'id')");
const pollsBreak = () => {
  w.arm.resumeIdentityUpdate = async () => {
    throw bug();
  };
};

/** A VM update under way: the request is `applying`, its step waiting on the operation. */
async function vmUpdateUnderWay() {
  w.arm.addTarget(VM, { kind: 'virtualMachine' });
  w.arm.vmPolls = 2;
  const request = await approved(w, [{ kind: 'enableSystemAssignedIdentity' }], { target: VM });
  await advance(w, request.id);
  const stored = await stateOf(w, request.id);
  expect([stored.state, stored.progress?.resumeToken]).toEqual(['applying', expect.any(String)]);
  w.clock.advanceTo(stored.notBefore as string);
  return request;
}

/** Delivers nudges at the times the request waits for, through the boundary, until it stops nudging. */
async function runThroughBoundary(id: string, maxNudges = 20) {
  const outcomes = [];
  for (let i = 0; i < maxNudges; i++) {
    const notBefore = (await stateOf(w, id)).notBefore;
    if (notBefore) w.clock.advanceTo(notBefore);
    const outcome = await advanceWithinBoundary(id, w);
    outcomes.push(outcome);
    if (!('next' in outcome) || outcome.next === undefined) return outcomes;
  }
  throw new Error(`request ${id} still moving after ${maxNudges} nudges`);
}

describe('advanceWithinBoundary: an unexpected failure is recorded, retried a bounded number of times, then fails', () => {
  it('records the first one on an applying request with attempts, backoff and a scheduled nudge', async () => {
    const request = await vmUpdateUnderWay();
    pollsBreak();
    const at = w.clock.now().getTime();
    const outcome = await advanceWithinBoundary(request.id, w);
    const next = new Date(at + 5_000).toISOString();
    expect(outcome).toMatchObject({ action: 'unexpectedFailure', state: 'applying', attempt: 1, next });
    expect(outcome.action === 'unexpectedFailure' && outcome.error).toBeInstanceOf(TypeError);
    const stored = await stateOf(w, request.id);
    expect(stored.state).toBe('applying');
    expect(stored.notBefore).toBe(next);
    expect(stored.progress).toMatchObject({
      step: 0,
      unexpectedAttempts: 1,
      resumeToken: expect.any(String),
      lastError: {
        code: 'internalError',
        message: "TypeError: Cannot read properties of undefined (reading 'id')",
      },
    });
    expect(stored.progress?.transientAttempts).toBeUndefined();
    expect(JSON.stringify(stored)).not.toMatch(/\n\s+at /);
    expect((await historyTypes(w, request.id)).at(-1)).toBe('stepRetryScheduled');
    expect(w.nudger.last()).toMatchObject({ requestId: request.id, at: next });
  });

  it('fails the request with internalError and the reason after maxUnexpectedAttempts, nudging no more', async () => {
    w.retry = { ...w.retry, maxUnexpectedAttempts: 4 };
    const request = await vmUpdateUnderWay();
    pollsBreak();
    const outcomes = await runThroughBoundary(request.id);
    expect(outcomes.map((o) => [o.action, 'attempt' in o && o.attempt])).toEqual([
      ['unexpectedFailure', 1],
      ['unexpectedFailure', 2],
      ['unexpectedFailure', 3],
      ['unexpectedFailure', 4],
    ]);
    const stored = await stateOf(w, request.id);
    expect(stored.state).toBe('failed');
    expect(stored.error).toEqual({
      code: 'internalError',
      message:
        "the broker failed unexpectedly 4 times: TypeError: Cannot read properties of undefined (reading 'id')",
    });
    expect(stored.notBefore).toBeUndefined();
    expect(stored.progress).toBeUndefined();
    const history = await w.store.history(request.id);
    expect(history.at(-1)).toMatchObject({
      type: 'requestFailed',
      data: { code: 'internalError', attempts: 4 },
    });
    // Backoff doubles from the base between attempts.
    const waits = history
      .filter((e) => e.type === 'stepRetryScheduled')
      .map((e) => (Date.parse((e.data as { notBefore: string }).notBefore) - Date.parse(e.at)) / 1000);
    expect(waits).toEqual([5, 10, 20]);
  });

  it('records a failure before applying on the approved request, which asks policy again on the retry', async () => {
    const request = await approved(w, [attachUa2]);
    const policy = w.policy;
    w.policy = {
      ...policy,
      evaluate: () => {
        throw bug();
      },
    };
    expect(await advanceWithinBoundary(request.id, w)).toMatchObject({
      action: 'unexpectedFailure',
      state: 'approved',
      attempt: 1,
    });
    expect((await stateOf(w, request.id)).progress).toMatchObject({ step: 0, unexpectedAttempts: 1 });
    expect(w.arm.writes()).toHaveLength(0);
    w.policy = policy;
    w.clock.advanceTo((await stateOf(w, request.id)).notBefore as string);
    expect(await advanceWithinBoundary(request.id, w)).toMatchObject({ state: 'succeeded' });
    expect(await historyTypes(w, request.id)).toEqual(
      expect.arrayContaining(['stepRetryScheduled', 'policyEvaluated', 'applyStarted', 'requestSucceeded']),
    );
  });

  it('keeps the count of unexpected failures apart from the transient ARM budget', async () => {
    const request = await vmUpdateUnderWay();
    w.arm.failNext('resumeIdentityUpdate', unavailable(), unavailable());
    await advanceWithinBoundary(request.id, w);
    w.clock.advanceTo((await stateOf(w, request.id)).notBefore as string);
    await advanceWithinBoundary(request.id, w);
    w.clock.advanceTo((await stateOf(w, request.id)).notBefore as string);
    pollsBreak();
    expect(await advanceWithinBoundary(request.id, w)).toMatchObject({
      action: 'unexpectedFailure',
      attempt: 1,
    });
    expect((await stateOf(w, request.id)).progress).toMatchObject({
      transientAttempts: 2,
      unexpectedAttempts: 1,
    });
  });

  it('never gives up removing a time-bound grant: the error is recorded and retried', async () => {
    const timeBound: Operation = {
      kind: 'assignRole',
      principal: UA1,
      role: 'Key Vault Secrets User',
      scope: KV,
      duration: 'PT1H',
    };
    w.retry = { ...w.retry, maxUnexpectedAttempts: 2 };
    const request = await approved(w, [timeBound]);
    await advance(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    w.arm.deleteRoleAssignment = async () => {
      throw bug();
    };
    w.clock.advanceTo((await stateOf(w, request.id)).notBefore as string);
    for (let i = 1; i <= 4; i++) {
      expect(await advanceWithinBoundary(request.id, w)).toMatchObject({
        action: 'unexpectedFailure',
        state: 'succeeded',
        attempt: i,
      });
      w.clock.advanceTo((await stateOf(w, request.id)).notBefore as string);
    }
    const stored = await stateOf(w, request.id);
    expect(stored.state).toBe('succeeded');
    expect(stored.error).toMatchObject({ code: 'internalError' });
    expect((await historyTypes(w, request.id)).filter((t) => t === 'revocationFailed')).toHaveLength(4);
  });

  it('rethrows when the failure cannot be recorded, so the message is delivered again', async () => {
    const request = await vmUpdateUnderWay();
    pollsBreak();
    const commit = w.store.commit.bind(w.store);
    w.store.commit = async () => {
      throw new Error('storage is down');
    };
    await expect(advanceWithinBoundary(request.id, w)).rejects.toThrow('storage is down');
    w.store.commit = commit;
    expect((await stateOf(w, request.id)).progress?.unexpectedAttempts).toBeUndefined();
  });

  it('rethrows when the request cannot be read back', async () => {
    const request = await approved(w, [attachUa2]);
    w.store.get = async () => {
      throw new Error('storage is down');
    };
    await expect(advanceWithinBoundary(request.id, w)).rejects.toThrow('storage is down');
  });

  it('passes outcomes through unchanged when nothing is thrown', async () => {
    const request = await approved(w, [attachUa2]);
    expect(await advanceWithinBoundary(request.id, w)).toMatchObject({
      action: 'committed',
      state: 'succeeded',
    });
  });
});
