import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { toRequestView } from '../../../src/core/requestView.js';
import { approveRequest } from '../../../src/core/useCases/approveRequest.js';
import { rejectRequest } from '../../../src/core/useCases/rejectRequest.js';
import { historyTypes, stateOf, submitted } from '../../fakes/drive.js';
import { AA, KV, RG, UA1 } from '../../fakes/ids.js';
import { APPROVER, ROLE_APPROVER, STRANGER, type World, defaultPolicy, world } from '../../fakes/world.js';

const KV_GROUP = '5c4b3a29-1807-4f6e-9d5c-4b3a29180716';
const OTHER_RG = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-other';
const KV_APPROVER = { id: 'a9b8c7d6-0000-4000-8000-0000000000d4', roles: [], groups: [KV_GROUP] };

/** Two approvals for anything in rg-app; grants on rg-other's vault also need someone from its group. */
const quorumPolicy = () =>
  defaultPolicy({
    version: 2,
    scopes: [
      { scope: RG, quorum: 2, approvers: [APPROVER.id, 'role:IdentityApprovers', `group:${KV_GROUP}`] },
      { scope: OTHER_RG, approvers: [`group:${KV_GROUP}`] },
    ],
  });

let w: World;
let request: IdentityRequest;
beforeEach(async () => {
  w = world(quorumPolicy());
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
  request = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV }]);
});

describe('approveRequest with a quorum', () => {
  it('keeps the request awaiting approval after the first of two, and approves it at the second', async () => {
    const first = await approveRequest({ id: request.id, caller: APPROVER, comment: 'one' }, w);
    expect(first.ok && first.value.state).toBe('awaitingApproval');
    expect(first.ok && toRequestView(first.value).approvals).toEqual({
      required: 2,
      received: 1,
      missing: 1,
    });
    expect(w.nudger.nudges).toEqual([]);
    const second = await approveRequest(
      { id: request.id, caller: ROLE_APPROVER, comment: 'two', ifMatchVersion: 4 },
      w,
    );
    expect(second.ok && second.value.state).toBe('approved');
    expect(second.ok && second.value.decisions.map((d) => [d.by.id, d.comment, d.version])).toEqual([
      [APPROVER.id, 'one', 3],
      [ROLE_APPROVER.id, 'two', 4],
    ]);
    expect(second.ok && toRequestView(second.value).approvals).toEqual({
      required: 2,
      received: 2,
      missing: 0,
    });
    expect(await historyTypes(w, request.id)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'approvalRequested',
      'approvalRecorded',
      'requestApproved',
    ]);
    expect(w.nudger.nudges).toHaveLength(1);
  });

  it('does not count the same approver twice, whatever the casing of the ID', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    const again = await approveRequest(
      { id: request.id, caller: { ...APPROVER, id: APPROVER.id.toUpperCase() } },
      w,
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'alreadyApproved' } });
    expect((await stateOf(w, request.id)).state).toBe('awaitingApproval');
  });

  it('ends the request at any rejection, after a partial approval', async () => {
    await approveRequest({ id: request.id, caller: APPROVER }, w);
    const rejected = await rejectRequest({ id: request.id, caller: ROLE_APPROVER, comment: 'no' }, w);
    expect(rejected.ok && rejected.value.state).toBe('rejected');
  });

  it('never counts the requester, even when a rule names them', async () => {
    const own = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV }], {
      requester: APPROVER,
    });
    const result = await approveRequest({ id: own.id, caller: APPROVER }, w);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses an approver who is not allowed for every scope the request touches', async () => {
    const both = await submitted(w, [
      { kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV },
      { kind: 'assignRole', principal: UA1, role: 'Reader', scope: OTHER_RG },
    ]);
    expect(await approveRequest({ id: both.id, caller: APPROVER }, w)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await approveRequest({ id: both.id, caller: KV_APPROVER }, w)).ok).toBe(true);
    expect((await approveRequest({ id: both.id, caller: STRANGER }, w)).ok).toBe(false);
  });

  it('shows no missing approvals on a request that needs none', () => {
    expect(
      toRequestView({ ...request, policy: { decision: 'autoApproved', reasons: [], approvers: [] } })
        .approvals,
    ).toBeNull();
  });
});
