import { beforeEach, describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { getRequest, listRequests } from '../../../src/core/useCases/getRequest.js';
import { submitted } from '../../fakes/drive.js';
import { AA, KV, UA1 } from '../../fakes/ids.js';
import { APPROVER, REQUESTER, ROLE_APPROVER, STRANGER, type World, world } from '../../fakes/world.js';

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

  it('lets an approver read a request that policy denied', async () => {
    const denied = await submitted(w, [{ kind: 'assignRole', principal: UA1, role: 'Owner', scope: KV }]);
    expect(denied.state).toBe('denied');
    expect((await getRequest({ id: denied.id, caller: APPROVER }, w)).ok).toBe(true);
  });
});

describe('listRequests', () => {
  it('lists everything, newest first, for an approver', async () => {
    const { items } = await listRequests({ caller: APPROVER, query: { limit: 10 } }, w);
    expect(items.map((r) => r.id)).toEqual([theirs.id, mine.id]);
  });

  it("lists only the caller's own requests for anyone else, whatever they ask for", async () => {
    const { items } = await listRequests(
      { caller: REQUESTER, query: { limit: 10, requestedBy: STRANGER.id } },
      w,
    );
    expect(items.map((r) => r.id)).toEqual([mine.id]);
  });
});
