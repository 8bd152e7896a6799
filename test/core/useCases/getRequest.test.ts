import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { approveRequest } from '../../../src/core/useCases/approveRequest.js';
import { getRequest, listRequests } from '../../../src/core/useCases/getRequest.js';
import { rejectRequest } from '../../../src/core/useCases/rejectRequest.js';
import { stateOf, submitted } from '../../fakes/drive.js';
import { AA, KV, UA1 } from '../../fakes/ids.js';
import {
  APPROVER,
  REQUESTER,
  ROLE_APPROVER,
  STRANGER,
  type World,
  fixedPolicy,
  world,
} from '../../fakes/world.js';

let w: World;
let mine: IdentityRequest;
let theirs: IdentityRequest;
beforeEach(async () => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
  mine = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV }]);
  w.clock.advanceBy(1000);
  theirs = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Reader', scope: AA }], {
    requester: STRANGER,
  });
});

describe('getRequest', () => {
  it('shows the requester the request and its whole history', async () => {
    const result = await getRequest({ id: mine.id, caller: REQUESTER }, w);
    expect(result.ok && [result.value.request, result.value.history.map((e) => e.sequence)]).toEqual([
      mine,
      [1, 2, 3],
    ]);
  });

  it('shows the request to approvers named by ID or by app role', async () => {
    expect((await getRequest({ id: mine.id, caller: APPROVER }, w)).ok).toBe(true);
    expect((await getRequest({ id: mine.id, caller: ROLE_APPROVER }, w)).ok).toBe(true);
  });

  it('hides the request from anyone else, as if it did not exist', async () => {
    expect(await getRequest({ id: theirs.id, caller: REQUESTER }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${theirs.id} is visible to you` },
    });
  });

  it("hides the request from a caller whose name is an approver's object ID", async () => {
    const impostor = { id: 'a9b8c7d6-0000-4000-8000-0000000000d4', name: APPROVER.id, roles: [], groups: [] };
    expect(await getRequest({ id: mine.id, caller: impostor }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${mine.id} is visible to you` },
    });
  });

  it('lets an approver read a request that policy denied', async () => {
    const denied = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Owner', scope: KV }]);
    expect(denied.state).toBe('denied');
    expect((await getRequest({ id: denied.id, caller: APPROVER }, w)).ok).toBe(true);
  });
});

describe('getRequest: approvers of anything', () => {
  const notNamed = {
    ok: false,
    error: { code: 'forbidden', message: 'policy does not name you as an approver of this request' },
  };
  beforeEach(() => {
    // ROLE_APPROVER approves in general, but this request's approvers name only APPROVER.
    w.policy = fixedPolicy('approvalRequired', {
      approvers: [APPROVER.id],
      approvesAnything: (caller) => caller.id === APPROVER.id || caller.id === ROLE_APPROVER.id,
    });
  });

  it('shows any request to a caller who approves anything, with its history', async () => {
    const result = await getRequest({ id: theirs.id, caller: ROLE_APPROVER }, w);
    expect(result.ok && [result.value.request, result.value.history.length]).toEqual([theirs, 3]);
  });

  it('lets them see but not decide a request whose approvers do not name them', async () => {
    expect(await approveRequest({ id: mine.id, caller: ROLE_APPROVER }, w)).toEqual(notNamed);
    expect(await rejectRequest({ id: mine.id, caller: ROLE_APPROVER, comment: 'no' }, w)).toEqual(notNamed);
    expect(await stateOf(w, mine.id)).toMatchObject({ state: 'awaitingApproval', version: 3, decisions: [] });
    expect((await approveRequest({ id: mine.id, caller: APPROVER }, w)).ok).toBe(true);
  });

  it('still hides the request from a caller who approves nothing', async () => {
    expect(await getRequest({ id: mine.id, caller: STRANGER }, w)).toEqual({
      ok: false,
      error: { code: 'notFound', message: `no request ${mine.id} is visible to you` },
    });
  });
});

describe('listRequests', () => {
  it('lists everything, newest first, for an approver', async () => {
    const listed = await listRequests({ caller: APPROVER, query: { limit: 10 } }, w);
    expect(listed.ok && listed.value.items.map((r) => r.id)).toEqual([theirs.id, mine.id]);
  });

  it("lists only the caller's own requests for anyone else, whatever they ask for", async () => {
    const listed = await listRequests(
      { caller: REQUESTER, query: { limit: 10, requestedBy: STRANGER.id } },
      w,
    );
    expect(listed.ok && listed.value.items.map((r) => r.id)).toEqual([mine.id]);
  });

  it('answers a continuation token the store never gave out as an invalid continuationToken', async () => {
    const listed = await listRequests(
      { caller: APPROVER, query: { limit: 10, continuationToken: 'garbage' } },
      w,
    );
    expect(listed).toMatchObject({
      ok: false,
      error: { code: 'invalidRequest', errors: [{ path: 'continuationToken' }] },
    });
  });
});
