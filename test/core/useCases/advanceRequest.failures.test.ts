import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/core/armError.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { AA, KV, UA1, UA2, VM } from '../../fakes/ids.js';
import { type World, defaultPolicy } from '../../fakes/world.js';
import {
  atGrantStep,
  attachUa2,
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

describe('advanceRequest: when ARM says no', () => {
  it('fails the request without touching ARM when policy no longer allows it', async () => {
    const request = await approved(w, [grant(UA1)]);
    const calls = w.arm.calls.length;
    w.policy = defaultPolicy({ forbiddenRoles: ['Key Vault Secrets User'] });
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'failed',
      events: ['requestFailed'],
    });
    expect((await stateOf(w, request.id)).error).toEqual({
      code: 'policyDenied',
      message:
        "policy no longer allows this request: operations[0]: 'Key Vault Secrets User' is never granted by the broker (forbiddenRoles)",
    });
    expect(w.arm.calls).toHaveLength(calls);
  });

  it('waits exactly as long as a 429 asks, then carries on', async () => {
    const request = await atGrantStep(w, [attachUa2, grant(UA2)]);
    w.arm.failNext('createRoleAssignment', tooManyRequests(17_000));
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: ['stepRetryScheduled'],
      next: '2026-11-23T09:00:17.000Z',
    });
    const stored = await stateOf(w, request.id);
    expect([stored.notBefore, stored.progress]).toEqual([
      '2026-11-23T09:00:17.000Z',
      {
        step: 1,
        attempt: 1,
        transientAttempts: 1,
        firstAttemptAt: '2026-11-23T09:00:00.000Z',
        lastError: { code: 'TooManyRequests', message: 'Too many requests' },
      },
    ]);
    expect(w.nudger.last()).toMatchObject({ requestId: request.id, at: '2026-11-23T09:00:17.000Z' });
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
  });

  it('backs off on transient failures and gives up after maxAttempts, naming the operation', async () => {
    const request = await atGrantStep(w, [attachUa2, grant(UA2)]);
    w.arm.failNext('createRoleAssignment', unavailable(), unavailable(), unavailable());
    await runUntilSettled(w, request.id);
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 10]);
    expect(w.arm.callsOf('createRoleAssignment')).toHaveLength(3);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      error: {
        code: 'ServiceUnavailable',
        message: 'The service is unavailable (gave up after 3 attempts)',
        operation: 1,
      },
    });
    expect((await historyTypes(w, request.id)).slice(-3)).toEqual([
      'stepRetryScheduled',
      'stepRetryScheduled',
      'stepFailed',
    ]);
  });

  it('succeeds when a transient failure clears before the attempts run out', async () => {
    const request = await atGrantStep(w, [grant(UA1)]);
    w.arm.failNext('createRoleAssignment', unavailable(), unavailable());
    await runUntilSettled(w, request.id);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      results: [{ status: 'succeeded' }],
    });
  });

  it('retries PrincipalNotFound with backoff while the principal may be replicating, then fails', async () => {
    const request = await atGrantStep(w, [grant(UA1)]);
    w.arm.failNext('createRoleAssignment', ...Array.from({ length: 20 }, principalNotFound));
    await runUntilSettled(w, request.id);
    expect(await retryDelaysOf(w, request.id)).toEqual([5, 10, 20, 40, 80, 160, 300]);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'failed',
      completedAt: '2026-11-23T09:10:15.000Z',
      error: {
        code: 'PrincipalNotFound',
        message:
          'Principal 5a5a does not exist in the directory (the principal was still not found 10 minutes after the first attempt)',
        operation: 0,
      },
    });
  });

  it('grants once the new principal has replicated', async () => {
    const request = await atGrantStep(w, [grant(UA1)]);
    w.arm.failNext(
      'createRoleAssignment',
      principalNotFound(),
      principalNotFound(),
      principalNotFound(),
      principalNotFound(),
    );
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect(w.arm.assignments).toHaveLength(1);
  });

  it('fails at once on an error that never clears, with its code, message and operation', async () => {
    const message =
      "The client does not have permission to perform action 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'";
    w.arm.failNext('beginIdentityUpdate', new ArmError(403, 'LinkedAuthorizationFailed', message, 'never'));
    const request = await approved(w, [grant(UA2), attachUa2]);
    const outcomes = await runUntilSettled(w, request.id);
    expect(outcomes).toEqual([
      {
        action: 'committed',
        state: 'failed',
        events: ['policyEvaluated', 'applyStarted', 'stepFailed'],
      },
    ]);
    const error = { code: 'LinkedAuthorizationFailed', message, operation: 1 };
    expect(await stateOf(w, request.id)).toMatchObject({ state: 'failed', error });
    expect((await w.store.history(request.id)).at(-1)?.data).toEqual({ step: 0, ...error });
    expect([
      w.arm.callsOf('beginIdentityUpdate').length,
      w.arm.callsOf('createRoleAssignment').length,
    ]).toEqual([1, 0]);
  });

  it('names no operation when a PATCH carrying several of them fails: ARM does not say which', async () => {
    const message = 'The client does not have authorization to perform this action';
    w.arm.failNext('beginIdentityUpdate', new ArmError(403, 'AuthorizationFailed', message, 'never'));
    const request = await approved(w, [{ kind: 'enableSystemAssignedIdentity' }, attachUa2]);
    expect(request.plan.steps.map((s) => [s.kind, s.operations])).toEqual([['updateIdentity', [0, 1]]]);
    await runUntilSettled(w, request.id);
    // Strict: an `operation` key, even undefined, would be a claim about which operation ARM refused.
    const stored = await stateOf(w, request.id);
    expect([stored.state, stored.error]).toStrictEqual(['failed', { code: 'AuthorizationFailed', message }]);
    const last = (await w.store.history(request.id)).at(-1);
    expect([last?.type, last?.data]).toStrictEqual([
      'stepFailed',
      { step: 0, code: 'AuthorizationFailed', message },
    ]);
  });

  it('counts an assignment someone else made meanwhile (RoleAssignmentExists) as success', async () => {
    const request = await atGrantStep(w, [grant(UA1)]);
    const ua1 = w.arm.identityOf(AA)?.userAssigned[0]?.principalId as string;
    const theirs = w.arm.addRoleAssignment(KV, 'Key Vault Secrets User', ua1, 'someone-elses-name');
    await runUntilSettled(w, request.id);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      // Someone else made it, so the broker records it as relied on, never as its own to remove.
      results: [{ status: 'noChange', roleAssignmentId: theirs.id, origin: 'external' }],
    });
    expect(w.arm.assignments).toHaveLength(1);
  });

  it('resumes a long-running update after a transient failure instead of sending the PATCH again', async () => {
    w.arm.addTarget(VM, { kind: 'virtualMachine' });
    w.arm.vmPolls = 2;
    w.arm.failNext('resumeIdentityUpdate', unavailable());
    const request = await approved(w, [{ kind: 'enableSystemAssignedIdentity' }], { target: VM });
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
    expect([
      w.arm.callsOf('beginIdentityUpdate').length,
      w.arm.callsOf('resumeIdentityUpdate').length,
    ]).toEqual([1, 3]);
    const tokens = new Set(w.arm.callsOf('resumeIdentityUpdate').map((args) => args[2]));
    expect(tokens.size).toBe(1);
  });
});
