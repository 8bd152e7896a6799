import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { approveRequest } from '../../../src/core/useCases/approveRequest.js';
import { cancelRequest } from '../../../src/core/useCases/cancelRequest.js';
import { stateOf, submitted } from '../../fakes/drive.js';
import { AA, KV, UA1 } from '../../fakes/ids.js';
import {
  APPROVER,
  REQUESTER,
  ROLE_APPROVER,
  STRANGER,
  type World,
  defaultPolicy,
  world,
} from '../../fakes/world.js';

let w: World;
let request: IdentityRequest;
beforeEach(async () => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
  request = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV }]);
});

describe('approveRequest', () => {
  it('approves the version the approver saw, records who and why, and nudges the executor at once', async () => {
    w.clock.advanceBy(60_000);
    const result = await approveRequest(
      { id: request.id, caller: APPROVER, comment: 'fine', ifMatchVersion: 3 },
      w,
    );
    const decision = {
      decision: 'approved',
      by: { id: APPROVER.id, name: APPROVER.name },
      at: '2026-11-23T09:01:00.000Z',
      comment: 'fine',
      version: 3,
    };
    expect(result.ok).toBe(true);
    const stored = await stateOf(w, request.id);
    expect(stored).toMatchObject({
      state: 'approved',
      version: 4,
      decisions: [decision],
      updatedAt: '2026-11-23T09:01:00.000Z',
    });
    expect(stored.approvalExpiresAt).toBeUndefined();
    expect((await w.store.history(request.id)).at(-1)).toEqual({
      type: 'requestApproved',
      at: '2026-11-23T09:01:00.000Z',
      actor: APPROVER.id,
      data: decision,
      sequence: 4,
    });
    expect(w.nudger.last()).toEqual({ requestId: request.id, target: AA, version: 4 });
  });

  it('accepts an approver named by an app role', async () => {
    const result = await approveRequest({ id: request.id, caller: ROLE_APPROVER }, w);
    expect(result.ok && result.value.decisions.map((d) => d.by)).toEqual([{ id: ROLE_APPROVER.id }]);
  });

  it('refuses approval by the requester, even one policy names as an approver', async () => {
    w.policy = defaultPolicy({ approvers: ['role:Reviewers', APPROVER.id] });
    const requester = { ...REQUESTER, id: REQUESTER.id.toUpperCase(), roles: ['Reviewers'] };
    expect(await approveRequest({ id: request.id, caller: requester }, w)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'you cannot approve your own request' },
    });
    expect((await stateOf(w, request.id)).version).toBe(3);
  });

  it('hides the request from a caller who is neither its requester nor an approver', async () => {
    const notFound = {
      ok: false,
      error: { code: 'notFound', message: `no request ${request.id} is visible to you` },
    };
    expect(await approveRequest({ id: request.id, caller: STRANGER }, w)).toEqual(notFound);
    expect(await approveRequest({ id: 'ffff000000000000000000ff', caller: APPROVER }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: 'no request ffff000000000000000000ff is visible to you' },
    });
  });

  it("does not take a caller whose name is the approver's object ID for the approver", async () => {
    const impostor = { id: 'a9b8c7d6-0000-4000-8000-0000000000d4', name: APPROVER.id, roles: [], groups: [] };
    expect(await approveRequest({ id: request.id, caller: impostor }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${request.id} is visible to you` },
    });
    expect((await stateOf(w, request.id)).state).toBe('awaitingApproval');
  });

  it('refuses a request that is no longer awaiting approval', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    expect(await approveRequest({ id: request.id, caller: ROLE_APPROVER }, w)).toEqual({
      ok: false,
      error: {
        code: 'wrongState',
        state: 'approved',
        message: 'the request was already approved',
      },
    });
  });

  it('refuses a decision on a version the approver did not see', async () => {
    expect(await approveRequest({ id: request.id, caller: APPROVER, ifMatchVersion: 2 }, w)).toEqual({
      ok: false,
      error: {
        code: 'versionMismatch',
        message: 'the request changed since you saw it (version 2, now 3): reload and decide again',
      },
    });
    expect((await stateOf(w, request.id)).state).toBe('awaitingApproval');
  });

  it('refuses approval once the deadline has come', async () => {
    w.clock.advanceTo('2026-11-24T09:00:00.000Z');
    expect(await approveRequest({ id: request.id, caller: APPROVER }, w)).toEqual({
      ok: false,
      error: { code: 'wrongState', state: 'expired', message: 'the request expired before it was decided' },
    });
    expect((await stateOf(w, request.id)).state).toBe('awaitingApproval');
  });

  it('approves a millisecond before the deadline', async () => {
    w.clock.advanceTo('2026-11-24T08:59:59.999Z');
    expect((await approveRequest({ id: request.id, caller: APPROVER }, w)).ok).toBe(true);
  });

  it('reports a change that lands between reading and writing as a concurrent change', async () => {
    w.store.beforeNextCommit = async () => {
      const cancelled = await cancelRequest({ id: request.id, caller: REQUESTER }, w);
      if (!cancelled.ok) throw new Error('the concurrent cancel failed');
    };
    expect(await approveRequest({ id: request.id, caller: APPROVER }, w)).toEqual({
      ok: false,
      error: {
        code: 'concurrentChange',
        message: 'the request changed while your decision was being recorded: reload and try again',
      },
    });
    expect((await stateOf(w, request.id)).state).toBe('cancelled');
  });

  it('still approves when the nudge cannot be sent: the sweeper sends it later', async () => {
    w.nudger.failing = true;
    expect((await approveRequest({ id: request.id, caller: APPROVER }, w)).ok).toBe(true);
    expect((await stateOf(w, request.id)).state).toBe('approved');
  });
});
