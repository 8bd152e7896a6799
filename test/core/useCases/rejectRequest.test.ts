import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { approveRequest } from '../../../src/core/useCases/approveRequest.js';
import { rejectRequest } from '../../../src/core/useCases/rejectRequest.js';
import { historyTypes, stateOf, submitted } from '../../fakes/drive.js';
import { AA, KV, UA1 } from '../../fakes/ids.js';
import { APPROVER, REQUESTER, STRANGER, type World, world } from '../../fakes/world.js';

let w: World;
let request: IdentityRequest;
beforeEach(async () => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
  request = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV }]);
});

describe('rejectRequest', () => {
  it('rejects with the approver and the reason recorded, and ends the request', async () => {
    w.clock.advanceBy(5 * 60_000);
    const result = await rejectRequest(
      { id: request.id, caller: APPROVER, comment: 'use a narrower role' },
      w,
    );
    expect(result.ok).toBe(true);
    const stored = await stateOf(w, request.id);
    expect(stored).toMatchObject({
      state: 'rejected',
      version: 4,
      completedAt: '2026-11-23T09:05:00.000Z',
      decisions: [
        {
          decision: 'rejected',
          by: { id: APPROVER.id, name: APPROVER.name },
          at: '2026-11-23T09:05:00.000Z',
          comment: 'use a narrower role',
          version: 3,
        },
      ],
    });
    expect(stored.approvalExpiresAt).toBeUndefined();
    expect(await historyTypes(w, request.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'approvalRequested',
      'requestRejected',
    ]);
    // Nothing is left for the executor, and the submission scheduled no look at the deadline either.
    expect(w.nudger.nudges).toEqual([]);
  });

  it('refuses a rejection once the deadline has come: the request has expired', async () => {
    w.clock.advanceTo('2026-11-24T09:00:00.000Z');
    expect(await rejectRequest({ id: request.id, caller: APPROVER, comment: 'no' }, w)).toEqual({
      ok: false,
      error: { code: 'wrongState', state: 'expired', message: 'the request expired before it was decided' },
    });
    expect(await stateOf(w, request.id)).toMatchObject({ state: 'awaitingApproval', version: 3 });
  });

  it('rejects a millisecond before the deadline', async () => {
    w.clock.advanceTo('2026-11-24T08:59:59.999Z');
    const result = await rejectRequest({ id: request.id, caller: APPROVER, comment: 'no' }, w);
    expect(result.ok && result.value.state).toBe('rejected');
  });

  it('sends the requester to cancel instead', async () => {
    expect(await rejectRequest({ id: request.id, caller: REQUESTER, comment: 'never mind' }, w)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'withdraw your own request with cancel' },
    });
  });

  it('hides the request from a caller who is neither its requester nor an approver', async () => {
    expect(await rejectRequest({ id: request.id, caller: STRANGER, comment: 'no' }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${request.id} is visible to you` },
    });
  });

  it('refuses a request that was already approved', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    expect(await rejectRequest({ id: request.id, caller: APPROVER, comment: 'changed my mind' }, w)).toEqual({
      ok: false,
      error: {
        code: 'wrongState',
        state: 'approved',
        message: 'the request was already approved, so it cannot be rejected',
      },
    });
  });

  it('refuses a decision on a version the approver did not see', async () => {
    const result = await rejectRequest(
      { id: request.id, caller: APPROVER, comment: 'no', ifMatchVersion: 4 },
      w,
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('versionMismatch');
    expect((await stateOf(w, request.id)).state).toBe('awaitingApproval');
  });
});
