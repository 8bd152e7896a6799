import { beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/operation.js';
import { roleAssignmentName } from '../../../src/core/roleAssignmentName.js';
import { roleAssignmentPath } from '../../../src/core/roleAssignmentPath.js';
import { ROLE_PROPAGATION_NOTE } from '../../../src/core/steps/runAssignRoleStep.js';
import { advance, approved, historyTypes, runUntilSettled, stateOf, submitted } from '../../fakes/drive.js';
import { AA, KV, TENANT, UA1, UA2, VM, roleDefinitionId } from '../../fakes/ids.js';
import { type World, world } from '../../fakes/world.js';

const KVSU = roleDefinitionId('Key Vault Secrets User');
const enable: Operation = { kind: 'enableSystemAssignedIdentity' };
const grant = (principal: string, role = 'Key Vault Secrets User'): Operation => ({
  kind: 'assignRole',
  principal,
  role,
  scope: KV,
});

let w: World;
beforeEach(() => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addUserAssignedIdentity(UA2);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
});

describe('advanceRequest: the whole walk', () => {
  it('takes an approved request through applying and each step to succeeded', async () => {
    const request = await approved(w, [enable, grant('systemAssigned')]);
    const outcomes = await runUntilSettled(w, request.id);
    expect(outcomes).toEqual([
      {
        action: 'committed',
        state: 'applying',
        events: ['policyEvaluated', 'applyStarted', 'stepSucceeded'],
        next: 'now',
      },
      { action: 'committed', state: 'succeeded', events: ['stepSucceeded', 'requestSucceeded'] },
    ]);
    const principalId = w.arm.identityOf(AA)?.principalId as string;
    const assignmentId = roleAssignmentPath(KV, roleAssignmentName(KV, principalId, KVSU));
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'succeeded',
      version: 9,
      nextStep: 2,
      completedAt: '2026-11-23T09:00:00.000Z',
      results: [
        { status: 'succeeded', principalId, tenantId: TENANT },
        {
          status: 'succeeded',
          roleAssignmentId: assignmentId,
          roleDefinitionId: KVSU,
          principalId,
          note: ROLE_PROPAGATION_NOTE,
        },
      ],
    });
    expect(await historyTypes(w, request.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'approvalRequested',
      'requestApproved',
      'policyEvaluated',
      'applyStarted',
      'stepSucceeded',
      'stepSucceeded',
      'requestSucceeded',
    ]);
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate', 'createRoleAssignment']);
    expect(w.arm.identityOf(AA)?.userAssigned.map((u) => u.id)).toEqual([UA1]);
    expect(w.arm.assignments.map((a) => [a.id, a.principalId])).toEqual([[assignmentId, principalId]]);
  });

  it('removes role assignments before the identity changes, and grants after, whatever the listed order', async () => {
    const ua1 = w.arm.identityOf(AA)?.userAssigned[0]?.principalId as string;
    const old = w.arm.addRoleAssignment(KV, 'Reader', ua1);
    const operations: Operation[] = [
      grant(UA2),
      { kind: 'attachUserAssignedIdentity', identity: UA2 },
      { kind: 'removeRoleAssignment', principal: UA1, role: 'Reader', scope: KV },
    ];
    const request = await approved(w, operations);
    await runUntilSettled(w, request.id);
    expect(w.arm.writes().map((c) => c.method)).toEqual([
      'deleteRoleAssignment',
      'beginIdentityUpdate',
      'createRoleAssignment',
    ]);
    expect((await stateOf(w, request.id)).results[2]).toEqual({
      status: 'succeeded',
      roleDefinitionId: roleDefinitionId('Reader'),
      principalId: ua1,
      removedRoleAssignmentIds: [old.id],
    });
  });

  it('reports no change, and writes nothing, where the target is already as asked', async () => {
    const request = await approved(w, [{ kind: 'attachUserAssignedIdentity', identity: UA1 }]);
    await runUntilSettled(w, request.id);
    const ua1 = w.arm.identityOf(AA)?.userAssigned[0];
    expect((await stateOf(w, request.id)).results).toEqual([
      { status: 'noChange', principalId: ua1?.principalId, clientId: ua1?.clientId },
    ]);
    expect(w.arm.writes()).toEqual([]);
  });

  it('finds nothing to do for a finished request, an unknown one, or one awaiting approval', async () => {
    const done = await approved(w, [enable]);
    await runUntilSettled(w, done.id);
    const waiting = await submitted(w, [grant(UA1)]);
    const calls = w.arm.calls.length;
    expect(await advance(w, done.id)).toEqual({ action: 'nothingToDo', reason: 'request is succeeded' });
    expect(await advance(w, 'ffff00000000000000000000')).toEqual({
      action: 'nothingToDo',
      reason: 'no such request',
    });
    expect(await advance(w, waiting.id)).toEqual({ action: 'nothingToDo', reason: 'awaiting approval' });
    expect(w.arm.calls).toHaveLength(calls);
  });

  it('expires a request nobody decided by its deadline', async () => {
    const request = await submitted(w, [grant(UA1)]);
    w.clock.advanceTo('2026-11-24T09:00:00.000Z');
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'expired',
      events: ['requestExpired'],
    });
    expect(await stateOf(w, request.id)).toMatchObject({
      state: 'expired',
      completedAt: '2026-11-24T09:00:00.000Z',
    });
  });

  it('gives up its turn, without nudging, when another writer commits first', async () => {
    const request = await approved(w, [enable]);
    const nudges = w.nudger.nudges.length;
    w.store.beforeNextCommit = async () => {
      const stored = await w.store.get(request.id);
      if (stored) await w.store.commit(stored, { ...stored.request, justification: 'edited' }, []);
    };
    expect(await advance(w, request.id)).toEqual({ action: 'conflict' });
    expect([(await stateOf(w, request.id)).state, w.nudger.nudges.length]).toEqual(['approved', nudges]);
  });
});

describe('advanceRequest: long-running identity updates', () => {
  beforeEach(() => {
    w.arm.addTarget(VM, { kind: 'virtualMachine' });
    w.arm.vmPolls = 2;
  });

  it('looks again at the operation once per nudge, never sending the PATCH twice', async () => {
    const request = await approved(w, [enable], { target: VM });
    const outcomes = await runUntilSettled(w, request.id);
    expect(outcomes.map((o) => (o.action === 'committed' ? [o.events, o.next] : o.action))).toEqual([
      [['policyEvaluated', 'applyStarted', 'stepStarted'], '2026-11-23T09:00:10.000Z'],
      [[], '2026-11-23T09:00:20.000Z'],
      [['stepSucceeded', 'requestSucceeded'], undefined],
    ]);
    expect([
      w.arm.callsOf('beginIdentityUpdate').length,
      w.arm.callsOf('resumeIdentityUpdate').length,
    ]).toEqual([1, 2]);
    const stored = await stateOf(w, request.id);
    expect([stored.state, stored.progress, stored.notBefore]).toEqual(['succeeded', undefined, undefined]);
  });

  it("waits as long as the operation's Retry-After says", async () => {
    w.arm.vmRetryAfterMs = 3_000;
    const request = await approved(w, [enable], { target: VM });
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'applying',
      events: ['policyEvaluated', 'applyStarted', 'stepStarted'],
      next: '2026-11-23T09:00:03.000Z',
    });
    expect((await stateOf(w, request.id)).progress).toEqual({
      step: 0,
      attempt: 0,
      firstAttemptAt: '2026-11-23T09:00:00.000Z',
      resumeToken: expect.stringMatching(/^operation-0b0b0b0b-/),
    });
  });

  it('reschedules an early nudge for its time, without touching ARM', async () => {
    const request = await approved(w, [enable], { target: VM });
    await advance(w, request.id);
    const calls = w.arm.calls.length;
    const version = (await stateOf(w, request.id)).version;
    w.clock.advanceBy(9_999);
    expect(await advance(w, request.id)).toEqual({
      action: 'nothingToDo',
      reason: 'waiting until 2026-11-23T09:00:10.000Z',
    });
    expect(w.nudger.last()).toEqual({
      requestId: request.id,
      target: VM,
      version,
      at: '2026-11-23T09:00:10.000Z',
    });
    expect([w.arm.calls.length, (await stateOf(w, request.id)).version]).toEqual([calls, version]);
  });
});
