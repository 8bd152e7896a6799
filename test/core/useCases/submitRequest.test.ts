import { beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/core/fingerprint.js';
import type { Operation } from '../../../src/core/operation.js';
import { type SubmitInput, submitRequest } from '../../../src/core/useCases/submitRequest.js';
import { historyTypes, stateOf } from '../../fakes/drive.js';
import { AA, KV, UA1, UA3 } from '../../fakes/ids.js';
import { REQUESTER, type World, draftOf, fixedPolicy, world } from '../../fakes/world.js';

const grantTo = (role: string): Operation => ({ kind: 'assignRole', principal: UA1, role, scope: KV });
const input = (operations: Operation[], extra: Partial<SubmitInput> = {}): SubmitInput => ({
  draft: draftOf(operations),
  requester: { id: REQUESTER.id, name: 'requester@contoso.com' },
  source: 'http',
  ...extra,
});
const FIRST_ID = 'ffff00000000000000999998';

let w: World;
beforeEach(() => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
});

const submit = async (i: SubmitInput) => {
  const result = await submitRequest(i, w);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.value;
};

describe('submitRequest', () => {
  it('stores a request awaiting approval with its plan, and nudges nothing: the sweeper keeps its deadline', async () => {
    const { request, created, nudged } = await submit(input([grantTo('Key Vault Secrets User')]));
    expect([created, nudged]).toEqual([true, true]);
    expect(request).toMatchObject({
      id: FIRST_ID,
      state: 'awaitingApproval',
      version: 3,
      target: AA,
      targetKind: 'automationAccount',
      requestedBy: { id: REQUESTER.id, name: 'requester@contoso.com' },
      source: 'http',
      policy: {
        decision: 'approvalRequired',
        approvers: ['a9b8c7d6-0000-4000-8000-0000000000a1', 'role:IdentityApprovers'],
      },
      results: [null],
      nextStep: 0,
      createdAt: '2026-11-23T09:00:00.000Z',
      approvalExpiresAt: '2026-11-24T09:00:00.000Z',
    });
    expect(request.plan.steps.map((s) => [s.kind, s.change])).toEqual([['assignRole', 'write']]);
    expect(await stateOf(w, FIRST_ID)).toEqual(request);
    expect((await w.store.history(FIRST_ID)).map((e) => [e.sequence, e.type, e.actor])).toEqual([
      [1, 'requestSubmitted', REQUESTER.id],
      [2, 'policyEvaluated', REQUESTER.id],
      [3, 'approvalRequested', REQUESTER.id],
    ]);
    expect(w.nudger.nudges).toEqual([]);
    expect(w.arm.writes()).toEqual([]);
  });

  it('keeps the ticket and the correlation ID of a queued submission', async () => {
    const ticket = { system: 'servicenow', id: 'RITM0012345' };
    const draft = { ...draftOf([grantTo('Reader')]), ticket };
    const { request } = await submit(input([], { draft, source: 'queue', correlationId: 'msg-1' }));
    expect([request.ticket, request.source, request.correlationId]).toEqual([ticket, 'queue', 'msg-1']);
    expect((await w.store.history(request.id))[0]?.data).toEqual({ source: 'queue', correlationId: 'msg-1' });
  });

  it('stores a request policy denies as denied, with the reasons, and nudges nothing', async () => {
    const { request, nudged } = await submit(input([grantTo('Owner')]));
    expect(request).toMatchObject({ state: 'denied', version: 3, completedAt: '2026-11-23T09:00:00.000Z' });
    expect(request.approvalExpiresAt).toBeUndefined();
    expect(request.policy.reasons).toEqual([
      "operations[0]: 'Owner' is never granted by the broker (forbiddenRoles)",
    ]);
    expect((await w.store.history(request.id)).at(-1)).toMatchObject({
      type: 'requestDenied',
      data: { reasons: ["operations[0]: 'Owner' is never granted by the broker (forbiddenRoles)"] },
    });
    expect([nudged, w.nudger.nudges]).toEqual([true, []]);
  });

  it('sends an auto-approved request straight to approved and nudges the executor now', async () => {
    w.policy = fixedPolicy('autoApproved');
    const { request } = await submit(input([grantTo('Reader')]));
    expect([request.state, request.approvalExpiresAt]).toEqual(['approved', undefined]);
    expect(await historyTypes(w, request.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'requestAutoApproved',
    ]);
    expect(w.nudger.nudges).toEqual([{ requestId: request.id, target: AA, version: 3 }]);
  });

  it('refuses a plan that cannot be carried out and stores nothing, not even the key', async () => {
    const attach: Operation = { kind: 'attachUserAssignedIdentity', identity: UA3 };
    const result = await submitRequest(input([attach], { idempotencyKey: 'k1' }), w);
    expect(result).toEqual({
      ok: false,
      error: { code: 'planRefused', errors: [{ path: 'operations[0].identity', message: 'does not exist' }] },
    });
    expect([w.store.ids(), await w.store.findIdempotencyKey('k1'), w.nudger.nudges]).toEqual([
      [],
      undefined,
      [],
    ]);
  });

  it('keeps an auto-approved request when its nudge cannot be sent: the sweeper sends it later', async () => {
    w.policy = fixedPolicy('autoApproved');
    w.nudger.failing = true;
    const { request, created, nudged } = await submit(input([grantTo('Reader')]));
    expect([created, nudged, (await stateOf(w, request.id)).state]).toEqual([true, false, 'approved']);
  });

  it('reports an undecided request as nudged when the queue is down: it has nothing to send', async () => {
    w.nudger.failing = true;
    const { request, nudged } = await submit(input([grantTo('Reader')]));
    expect([nudged, (await stateOf(w, request.id)).state]).toEqual([true, 'awaitingApproval']);
  });

  it('returns the stored request when its ID is already taken', async () => {
    const first = await submit(input([grantTo('Reader')]));
    w.newId = () => FIRST_ID;
    const second = await submit(input([grantTo('Key Vault Secrets User')]));
    expect([second.created, second.request]).toEqual([false, first.request]);
    expect(w.store.ids()).toEqual([FIRST_ID]);
  });
});

describe('submitRequest: idempotency keys', () => {
  it('returns the same request for the same key and body, without asking ARM or nudging again', async () => {
    w.policy = fixedPolicy('autoApproved');
    const first = await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    const armCalls = w.arm.calls.length;
    const again = await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    expect([again.created, again.request]).toEqual([false, first.request]);
    expect(w.arm.calls).toHaveLength(armCalls);
    expect(w.store.ids()).toEqual([first.request.id]);
    expect(w.nudger.nudges).toEqual([{ requestId: first.request.id, target: AA, version: 3 }]);
  });

  it('refuses the same key with another body, or from another requester', async () => {
    await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    const armCalls = w.arm.calls.length;
    const reused = {
      ok: false,
      error: {
        code: 'idempotencyKeyReused',
        message: 'this Idempotency-Key was already used for a different request',
      },
    };
    expect(await submitRequest(input([grantTo('Contributor')], { idempotencyKey: 'k1' }), w)).toEqual(reused);
    const other = input([grantTo('Reader')], { idempotencyKey: 'k1', requester: { id: 'someone-else' } });
    expect(await submitRequest(other, w)).toEqual(reused);
    expect([w.arm.calls.length, w.store.ids().length]).toEqual([armCalls, 1]);
  });

  it('treats the requester ID case-insensitively when it compares bodies', async () => {
    const first = await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    const again = await submit(
      input([grantTo('Reader')], { idempotencyKey: 'k1', requester: { id: REQUESTER.id.toUpperCase() } }),
    );
    expect(again.request.id).toBe(first.request.id);
  });

  it('finishes under the claimed ID a request whose earlier attempt stopped before writing it', async () => {
    const draft = draftOf([grantTo('Reader')]);
    const print = fingerprint({ draft, requester: REQUESTER.id.toLowerCase() });
    await w.store.claimIdempotencyKey('k1', { requestId: 'ffff0000000000000000c1a1', fingerprint: print });
    const { request, created } = await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    expect([request.id, created, w.store.ids()]).toEqual([
      'ffff0000000000000000c1a1',
      true,
      ['ffff0000000000000000c1a1'],
    ]);
  });

  it('claims the key for the ID it writes', async () => {
    const { request } = await submit(input([grantTo('Reader')], { idempotencyKey: 'k1' }));
    expect((await w.store.findIdempotencyKey('k1'))?.requestId).toBe(request.id);
  });
});
