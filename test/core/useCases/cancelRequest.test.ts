import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../../src/core/armError.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { approveRequest } from '../../../src/core/useCases/approveRequest.js';
import { cancelRequest } from '../../../src/core/useCases/cancelRequest.js';
import { advance, stateOf, submitted } from '../../fakes/drive.js';
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

describe('cancelRequest', () => {
  it('lets the requester withdraw a request awaiting approval, with a reason', async () => {
    const result = await cancelRequest({ id: request.id, caller: REQUESTER, comment: 'wrong vault' }, w);
    expect(result.ok).toBe(true);
    const stored = await stateOf(w, request.id);
    expect(stored).toMatchObject({ state: 'cancelled', version: 4, completedAt: '2026-11-23T09:00:00.000Z' });
    expect(stored.approvalExpiresAt).toBeUndefined();
    expect((await w.store.history(request.id)).at(-1)).toMatchObject({
      type: 'requestCancelled',
      actor: REQUESTER.id,
      data: { comment: 'wrong vault' },
    });
  });

  it('lets the requester, in any casing of their ID, withdraw an approved request before it applies', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    const result = await cancelRequest(
      { id: request.id, caller: { ...REQUESTER, id: REQUESTER.id.toLowerCase() } },
      w,
    );
    expect(result.ok && result.value.state).toBe('cancelled');
    expect((await w.store.history(request.id)).at(-1)).toEqual({
      type: 'requestCancelled',
      at: '2026-11-23T09:00:00.000Z',
      actor: REQUESTER.id.toLowerCase(),
      sequence: 5,
    });
  });

  it('refuses once the request is applying', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    // The executor's first turn runs the only step; an outage keeps it applying, waiting to retry.
    w.arm.failNext(
      'createRoleAssignment',
      new ArmError(503, 'ServiceUnavailable', 'The service is unavailable', 'transient'),
    );
    await advance(w, request.id);
    expect(await cancelRequest({ id: request.id, caller: REQUESTER }, w)).toEqual({
      ok: false,
      error: {
        code: 'wrongState',
        state: 'applying',
        message: 'the request is already being applied, so it cannot be cancelled',
      },
    });
  });

  it('refuses to withdraw a request whose approval deadline has passed: it has expired', async () => {
    w.clock.advanceTo('2026-11-24T09:00:00.000Z');
    expect(await cancelRequest({ id: request.id, caller: REQUESTER, comment: 'too late' }, w)).toEqual({
      ok: false,
      error: { code: 'wrongState', state: 'expired', message: 'the request expired before it was decided' },
    });
    expect(await stateOf(w, request.id)).toMatchObject({ state: 'awaitingApproval', version: 3 });
  });

  it('withdraws a request a millisecond before its deadline', async () => {
    w.clock.advanceTo('2026-11-24T08:59:59.999Z');
    const result = await cancelRequest({ id: request.id, caller: REQUESTER }, w);
    expect(result.ok && result.value.state).toBe('cancelled');
  });

  it('still withdraws an approved request after the approval deadline it no longer has', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    w.clock.advanceTo('2026-11-25T09:00:00.000Z');
    const result = await cancelRequest({ id: request.id, caller: REQUESTER }, w);
    expect(result.ok && [result.value.state, result.value.version]).toEqual(['cancelled', 5]);
  });

  it('refuses an approver who did not ask for it', async () => {
    expect(await cancelRequest({ id: request.id, caller: APPROVER }, w)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'only the requester can cancel a request' },
    });
  });

  it('hides the request from anyone else', async () => {
    expect(await cancelRequest({ id: request.id, caller: STRANGER }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${request.id} is visible to you` },
    });
  });

  it('refuses a cancel based on a version the requester did not see', async () => {
    const result = await cancelRequest({ id: request.id, caller: REQUESTER, ifMatchVersion: 1 }, w);
    expect(result.ok ? 'ok' : result.error.code).toBe('versionMismatch');
  });
});
