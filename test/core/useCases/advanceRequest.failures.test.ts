import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/core/armError.js';
import type { Operation } from '../../../src/core/operation.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf } from '../../fakes/drive.js';
import { AA, KV, UA1, UA2, VM } from '../../fakes/ids.js';
import { type World, defaultPolicy, world } from '../../fakes/world.js';

const grant = (principal: string, role = 'Key Vault Secrets User'): Operation => ({
  kind: 'assignRole',
  principal,
  role,
  scope: KV,
});
const attachUa2: Operation = { kind: 'attachUserAssignedIdentity', identity: UA2 };
const unavailable = () => new ArmError(503, 'ServiceUnavailable', 'The service is unavailable', 'transient');
const principalNotFound = () =>
  new ArmError(
    400,
    'PrincipalNotFound',
    'Principal 5a5a does not exist in the directory',
    'replicationDelay',
  );

let w: World;
beforeEach(() => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addUserAssignedIdentity(UA2);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
});

/** Approves `operations` and runs the executor up to the step that grants (its last). */
async function atGrantStep(operations: Operation[]) {
  const request = await approved(w, operations);
  await advance(w, request.id);
  for (let step = 1; step < request.plan.steps.length; step++) await advance(w, request.id);
  return request;
}
const retryDelaysOf = async (id: string) =>
  (await w.store.history(id))
    .filter((e) => e.type === 'stepRetryScheduled')
    .map((e) => (Date.parse((e.data as { notBefore: string }).notBefore) - Date.parse(e.at)) / 1000);

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
        "policy no longer allows this request: operations[0]: 'Key Vault Secrets User' is never granted by the broker",
    });
    expect(w.arm.calls).toHaveLength(calls);
  });

  it('waits exactly as long as a 429 asks, then carries on', async () => {
    const request = await atGrantStep([attachUa2, grant(UA2)]);
    w.arm.failNext(
      'createRoleAssignment',
      new ArmError(429, 'TooManyRequests', 'Too many requests', 'transient', 17_000),
    );
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: ['stepRetryScheduled'],
      next: '2026-11-23T09:00:17.000Z',
    });
    expect(await stateOf(w, request.id)).toMatchObject({
      notBefore: '2026-11-23T09:00:17.000Z',
      progress: {
        step: 1,
        attempt: 1,
        firstAttemptAt: '2026-11-23T09:00:00.000Z',
        lastError: { code: 'TooManyRequests', message: 'Too many requests' },
      },
    });
    expect(w.nudger.last()).toMatchObject({ requestId: request.id, at: '2026-11-23T09:00:17.000Z' });
    await runUntilSettled(w, request.id);
    expect((await stateOf(w, request.id)).state).toBe('succeeded');
  });

  it('backs off on transient failures and gives up after maxAttempts, naming the operation', async () => {
    const request = await atGrantStep([attachUa2, grant(UA2)]);
    w.arm.failNext('createRoleAssignment', unavailable(), unavailable(), unavailable());
    await runUntilSettled(w, request.id);
    expect(await retryDelaysOf(request.id)).toEqual([5, 10]);
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
    const request = await atGrantStep([grant(UA1)]);
    w.arm.failNext('createRoleAssignment', unavailable(), unavailable());
    await runUntilSettled(w, request.id);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      results: [{ status: 'succeeded' }],
    });
  });

  it('retries PrincipalNotFound with backoff while the principal may be replicating, then fails', async () => {
    const request = await atGrantStep([grant(UA1)]);
    w.arm.failNext('createRoleAssignment', ...Array.from({ length: 20 }, principalNotFound));
    await runUntilSettled(w, request.id);
    expect(await retryDelaysOf(request.id)).toEqual([5, 10, 20, 40, 80, 160, 300]);
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
    const request = await atGrantStep([grant(UA1)]);
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
    expect(outcomes.at(-1)).toEqual({ action: 'committed', state: 'failed', events: ['stepFailed'] });
    const error = { code: 'LinkedAuthorizationFailed', message, operation: 1 };
    expect(await stateOf(w, request.id)).toMatchObject({ state: 'failed', error });
    expect((await w.store.history(request.id)).at(-1)?.data).toEqual({ step: 0, ...error });
    expect([
      w.arm.callsOf('beginIdentityUpdate').length,
      w.arm.callsOf('createRoleAssignment').length,
    ]).toEqual([1, 0]);
  });

  it('counts an assignment someone else made meanwhile (RoleAssignmentExists) as success', async () => {
    const request = await atGrantStep([grant(UA1)]);
    const ua1 = w.arm.identityOf(AA)?.userAssigned[0]?.principalId as string;
    const theirs = w.arm.addRoleAssignment(KV, 'Key Vault Secrets User', ua1, 'someone-elses-name');
    await runUntilSettled(w, request.id);
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      results: [{ status: 'succeeded', roleAssignmentId: theirs.id }],
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
