import { beforeEach, describe, expect, it } from 'vitest';
import type { AdvanceOutcome } from '../../../src/core/useCases/advanceRequest.js';
import { advance, approved, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { UA1 } from '../../fakes/ids.js';
import type { World } from '../../fakes/world.js';
import {
  executorWorld,
  grant,
  principalNotFound,
  retryDelaysOf,
  tooManyRequests,
  unavailable,
} from './executorScenarios.js';

let w: World;
beforeEach(() => {
  w = executorWorld();
});

/** Delivers the request's next nudge at the time it waits for, as the operations queue would. */
async function nextNudge(id: string): Promise<AdvanceOutcome> {
  const notBefore = (await stateOf(w, id)).notBefore;
  if (notBefore) w.clock.advanceTo(notBefore);
  return advance(w, id);
}

const attemptsOf = async (id: string) =>
  (await w.store.history(id))
    .filter((e) => e.type === 'stepRetryScheduled')
    .map((e) => [(e.data as { attempt: number }).attempt, (e.data as { code: string }).code]);

// TEST_RETRY: 5 s base, 3 transient attempts, a 10-minute replication window.
describe('advanceRequest: separate budgets for replication and for throttling and outages', () => {
  it('does not give up on a 429 after several PrincipalNotFound retries', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext(
      'createRoleAssignment',
      ...Array.from({ length: 4 }, principalNotFound),
      tooManyRequests(),
      tooManyRequests(),
    );
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect(await attemptsOf(request.id)).toEqual([
      [1, 'PrincipalNotFound'],
      [2, 'PrincipalNotFound'],
      [3, 'PrincipalNotFound'],
      [4, 'PrincipalNotFound'],
      [5, 'TooManyRequests'],
      [6, 'TooManyRequests'],
    ]);
    expect(w.arm.callsOf('createRoleAssignment')).toHaveLength(7);
    expect(w.arm.assignments).toHaveLength(1);
  });

  it('bounds throttling and outages by their own count: the third gives up, however many waits came before', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext(
      'createRoleAssignment',
      ...Array.from({ length: 4 }, principalNotFound),
      unavailable(),
      unavailable(),
      unavailable(),
    );
    await runUntilSettled(w, request.id);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      error: {
        code: 'ServiceUnavailable',
        message: 'The service is unavailable (gave up after 3 attempts)',
        operation: 0,
      },
    });
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 10, 20, 40, 5, 10]);
    expect(w.arm.callsOf('createRoleAssignment')).toHaveLength(7);
  });

  it('waits at least Retry-After, and longer as throttling goes on, so a short Retry-After cannot use up the attempts in seconds', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext('createRoleAssignment', tooManyRequests(1_000), tooManyRequests(60_000));
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    // Retry-After 1 s, then 60 s, against backoff 5 s, then 10 s: the longer of the two each time.
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 60]);
  });

  it('backs off replication retries by their own count, not restarting nor inheriting transient ones', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext(
      'createRoleAssignment',
      unavailable(),
      unavailable(),
      principalNotFound(),
      principalNotFound(),
      principalNotFound(),
    );
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    // 5 and 10 for the outages; then 5, 10, 20 for the first, second and third wait for replication.
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 10, 5, 10, 20]);
  });

  it('keeps both counts in the stored progress, the transient one only once there is one', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext('createRoleAssignment', principalNotFound(), unavailable(), principalNotFound());
    const lastError = {
      code: 'PrincipalNotFound',
      message: 'Principal 5a5a does not exist in the directory',
    };

    expect(await nextNudge(request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: ['policyEvaluated', 'applyStarted', 'stepRetryScheduled'],
      next: '2026-11-23T09:00:05.000Z',
    });
    expect((await stateOf(w, request.id)).progress).toStrictEqual({
      step: 0,
      attempt: 1,
      firstAttemptAt: '2026-11-23T09:00:00.000Z',
      lastError,
    });

    await nextNudge(request.id);
    await nextNudge(request.id);
    const stored = await stateOf(w, request.id);
    // 09:00:05 + 5 s for the outage; then the second replication wait is 10 s, not 20 s.
    expect([stored.notBefore, stored.progress]).toStrictEqual([
      '2026-11-23T09:00:20.000Z',
      {
        step: 0,
        attempt: 3,
        transientAttempts: 1,
        firstAttemptAt: '2026-11-23T09:00:00.000Z',
        lastError,
      },
    ]);
  });

  it('still measures the replication window from the first attempt, outages included', async () => {
    const request = await approved(w, [grant(UA1)]);
    w.arm.failNext(
      'createRoleAssignment',
      unavailable(),
      unavailable(),
      ...Array.from({ length: 20 }, principalNotFound),
    );
    await runUntilSettled(w, request.id);
    // Waits of 5 + 10 (outages) + 5, 10, 20, 40, 80, 160, 300 (replication) end 630 s in, past 10 minutes.
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 10, 5, 10, 20, 40, 80, 160, 300]);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      completedAt: '2026-11-23T09:10:30.000Z',
      error: {
        code: 'PrincipalNotFound',
        message:
          'Principal 5a5a does not exist in the directory (the principal was still not found 11 minutes after the first attempt)',
        operation: 0,
      },
    });
  });
});
