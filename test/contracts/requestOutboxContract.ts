import { describe, expect, it } from 'vitest';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import type { NewEvent, RequestStore } from '../../src/core/ports.js';
import { requestFixture, submittedEvents } from '../support/requestFixture.js';

const AT = '2026-11-23T10:00:00.000Z';
const submitted = (id?: string): IdentityRequest =>
  requestFixture({ ...(id ? { id } : {}), correlationId: 'msg-1' });
const approved = (request: IdentityRequest): IdentityRequest => ({
  ...request,
  state: 'approved',
  version: 4,
  updatedAt: AT,
});
const approvedEvent: NewEvent = { type: 'requestApproved', at: AT, actor: 'approver' };

async function stored(store: RequestStore, id: string) {
  const found = await store.get(id);
  if (!found) throw new Error(`request ${id} vanished`);
  return found;
}

/** The outbox half of the RequestStore contract: the table store and the in-memory one pass the same checks. */
export function requestOutboxContract(name: string, make: () => Promise<RequestStore>): void {
  describe(`${name}: outbox`, () => {
    it('writes an outbox row for each state change, in the same change, apart from the history', async () => {
      const store = await make();
      const request = submitted();
      await store.create(request, submittedEvents());
      const first = await stored(store, request.id);
      expect(first.unpublished).toEqual([
        {
          sequence: 3,
          messageId: `${request.id}-3`,
          subject: 'approvalRequested',
          correlationId: 'msg-1',
          body: {
            type: 'approvalRequested',
            requestId: request.id,
            state: 'awaitingApproval',
            target: request.target,
            at: '2026-11-23T09:00:00.000Z',
          },
        },
      ]);
      expect(await store.history(request.id)).toHaveLength(3);
      await store.commit(first, approved(request), [approvedEvent]);
      const second = await stored(store, request.id);
      expect(second.unpublished?.map((e) => [e.sequence, e.subject, e.body.state])).toEqual([
        [3, 'approvalRequested', 'awaitingApproval'],
        [4, 'requestApproved', 'approved'],
      ]);
      expect((await store.history(request.id)).map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    });

    it('writes no outbox row for a change that moves no state (a step, a retry)', async () => {
      const store = await make();
      const request = submitted();
      await store.create(request, submittedEvents());
      await store.commit(await stored(store, request.id), approved(request), [approvedEvent]);
      await store.markPublished(request.id, [3, 4]);
      const retry: NewEvent = { type: 'stepRetryScheduled', at: AT, actor: 'broker' };
      await store.commit(await stored(store, request.id), { ...approved(request), version: 5 }, [retry]);
      expect((await stored(store, request.id)).unpublished ?? []).toEqual([]);
      expect((await store.history(request.id)).map((e) => e.type).at(-1)).toBe('stepRetryScheduled');
    });

    it('answers a commit with what a read would now return, so the next commit needs no read first', async () => {
      const store = await make();
      const request = submitted();
      await store.create(request, submittedEvents());
      const first = await stored(store, request.id);
      const committed = await store.commit(first, approved(request), [approvedEvent]);
      expect(committed).toEqual(await store.get(request.id));
      if (committed === 'conflict') throw new Error('the first commit conflicted');
      // Its ETag fences the next change as a fresh read's would: the old one is refused, the new one taken.
      const retry: NewEvent = { type: 'stepRetryScheduled', at: AT, actor: 'broker' };
      const moved = { ...approved(request), version: 5 };
      expect(await store.commit({ ...committed, etag: first.etag }, moved, [retry])).toBe('conflict');
      const again = await store.commit(committed, moved, [retry]);
      expect(again).toEqual(await store.get(request.id));
      // A change without events (a state row write alone) answers the same way.
      if (again === 'conflict') throw new Error('the commit on the returned ETag conflicted');
      const noted = await store.commit(again, { ...moved, notBefore: '2026-11-23T11:00:00.000Z' }, []);
      expect(noted).toEqual(await store.get(request.id));
      if (noted === 'conflict') throw new Error('the event-less commit conflicted');
      expect(await store.commit(again, { ...moved, notBefore: '2026-11-23T12:00:00.000Z' }, [])).toBe(
        'conflict',
      );
      expect(await store.commit(noted, { ...moved, notBefore: '2026-11-23T12:00:00.000Z' }, [])).not.toBe(
        'conflict',
      );
    });

    it('removes what was published; removing it again is success', async () => {
      const store = await make();
      const request = submitted();
      await store.create(request, submittedEvents());
      await store.markPublished(request.id, [3]);
      await store.markPublished(request.id, [3]);
      expect((await stored(store, request.id)).unpublished ?? []).toEqual([]);
      expect((await store.listUnpublished({ limit: 10 })).items).toEqual([]);
    });

    it('lists every unpublished event across requests, in order within each, page by page', async () => {
      const store = await make();
      const a = submitted('ffff00000000aaaaaaaaaaa1');
      const b = submitted('ffff00000000aaaaaaaaaaa2');
      await store.create(a, submittedEvents());
      await store.create(b, submittedEvents());
      await store.commit(await stored(store, a.id), approved(a), [approvedEvent]);
      const seen: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await store.listUnpublished({
          limit: 2,
          ...(continuationToken ? { continuationToken } : {}),
        });
        seen.push(...page.items.map((e) => e.messageId));
        continuationToken = page.continuationToken;
      } while (continuationToken);
      expect(seen).toEqual([`${a.id}-3`, `${a.id}-4`, `${b.id}-3`]);
    });
  });
}
