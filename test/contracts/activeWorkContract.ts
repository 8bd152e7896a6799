import { describe, expect, it } from 'vitest';
import type { ActiveWorkIndex } from '../../src/core/activeWork/activeWorkIndex.js';
import { DEFAULT_SWEEP_TIMING, lookAt } from '../../src/core/activeWork/lookAt.js';
import type { RequestPruner } from '../../src/core/activeWork/prunePort.js';
import { withActiveWork } from '../../src/core/activeWork/withActiveWork.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import type { NewEvent, RequestStore } from '../../src/core/ports.js';
import { sweepRequests } from '../../src/core/useCases/sweepRequests.js';
import { ManualClock } from '../fakes/manualClock.js';
import { RecordingNudger } from '../fakes/recordingNudger.js';
import { crashingStore } from '../support/crashingStore.js';
import { requestFixture, submittedEvents } from '../support/requestFixture.js';

/** A request store, beneath the index, with its index and its pruner: the Table trio or the in-memory one. */
export interface ActiveWorkParts {
  store: RequestStore;
  index: ActiveWorkIndex;
  pruner: RequestPruner;
}

const T = (time: string) => `2026-11-23T${time}.000Z`;
const ID = (n: number) => `ffff00000000${String(n).padStart(12, '0')}`;
const approvedEvent: NewEvent = { type: 'requestApproved', at: T('10:00:00'), actor: 'approver' };
const approved = (r: IdentityRequest): IdentityRequest => ({
  ...r,
  state: 'approved',
  version: r.version + 1,
  updatedAt: T('10:00:00'),
});

async function everyEntry(index: ActiveWorkIndex) {
  const all = [];
  for (const kind of ['pending', 'due', 'finished'] as const)
    all.push(...(await index.dueBy(kind, '9999-12-31T00:00:00.000Z', { limit: 1000 })).items);
  return all;
}

/** The store's methods on a plain object, so a wrapper that spreads it keeps them (a class keeps them on its prototype). */
const plain = (s: RequestStore): RequestStore => ({
  create: (r, e) => s.create(r, e),
  get: (id) => s.get(id),
  history: (id) => s.history(id),
  commit: (p, n, e) => s.commit(p, n, e),
  list: (q) => s.list(q),
  findIdempotencyKey: (k) => s.findIdempotencyKey(k),
  claimIdempotencyKey: (k, c) => s.claimIdempotencyKey(k, c),
  markPublished: (id, seq) => s.markPublished(id, seq),
  listUnpublished: (q) => s.listUnpublished(q),
});

/**
 * The cover invariant, checked from the outside: every request with something to do has an entry at or
 * before the time it must be looked at (an awaiting request: its `pending` entry).
 */
async function expectCovered(parts: ActiveWorkParts, ids: string[]) {
  const entries = await everyEntry(parts.index);
  for (const id of ids) {
    const stored = await parts.store.get(id);
    if (!stored) continue;
    const due = lookAt(stored.request, stored.unpublished ?? [], DEFAULT_SWEEP_TIMING);
    if (due === undefined) continue;
    const mine = entries.filter((e) => e.requestId === id && e.kind !== 'finished');
    expect(
      mine.some((e) => Date.parse(e.at) <= due),
      `request ${id} has work and no entry`,
    ).toBe(true);
    if (stored.request.state === 'awaitingApproval') expect(mine.map((e) => e.kind)).toContain('pending');
  }
}

/** The index of active work, kept by the store and read by the sweeper: the same checks for every implementation. */
export function activeWorkContract(name: string, make: () => Promise<ActiveWorkParts>): void {
  const setup = async () => {
    const parts = await make();
    const clock = new ManualClock(T('09:00:00'));
    const nudger = new RecordingNudger();
    const published: string[] = [];
    const store = withActiveWork(parts.store, parts.index);
    const sweep = (retentionDays?: number) =>
      sweepRequests({
        store,
        activeWork: parts.index,
        nudger,
        clock,
        events: { publish: async (events) => void published.push(...events.map((e) => e.messageId)) },
        pruner: parts.pruner,
        ...(retentionDays === undefined ? {} : { retentionDays }),
      });
    return { ...parts, clock, nudger, published, indexed: store, sweep };
  };

  describe(`${name}: index of active work`, () => {
    it('returns the entries due by a time, oldest first, page by page, and only those', async () => {
      const { index } = await make();
      for (const [n, at] of [
        [3, T('10:00:02')],
        [1, T('10:00:00')],
        [2, T('10:00:01')],
        [4, T('10:00:03')],
      ] as const)
        await index.put({ kind: 'due', requestId: ID(n), at });
      const first = await index.dueBy('due', T('10:00:02'), { limit: 2 });
      expect(first.items.map((e) => e.requestId)).toEqual([ID(1), ID(2)]);
      const rest = await index.dueBy('due', T('10:00:02'), {
        limit: 2,
        ...(first.continuationToken ? { continuationToken: first.continuationToken } : {}),
      });
      expect([rest.items.map((e) => e.requestId), rest.continuationToken]).toEqual([[ID(3)], undefined]);
    });

    it('keeps one pending entry per request, listed newest first, its deadline moved in place', async () => {
      const { index } = await make();
      await index.put({ kind: 'pending', requestId: ID(2), at: T('12:00:00') });
      await index.put({ kind: 'pending', requestId: ID(1), at: T('12:00:00') });
      await index.put({ kind: 'pending', requestId: ID(2), at: T('09:00:00') });
      expect((await index.pending({ limit: 10 })).items.map((e) => [e.requestId, e.at])).toEqual([
        [ID(1), T('12:00:00')],
        [ID(2), T('09:00:00')],
      ]);
      expect(
        (await index.dueBy('pending', T('10:00:00'), { limit: 10 })).items.map((e) => e.requestId),
      ).toEqual([ID(2)]);
      const page = await index.pending({ limit: 1 });
      expect(page.continuationToken).toBeDefined();
      const next = await index.pending({ limit: 1, continuationToken: page.continuationToken ?? '' });
      expect(next.items.map((e) => e.requestId)).toEqual([ID(2)]);
    });

    it('removes only the entry as it was read: one written again since stays', async () => {
      const { index } = await make();
      await index.put({ kind: 'pending', requestId: ID(1), at: T('12:00:00') });
      const [read] = (await index.pending({ limit: 1 })).items;
      if (!read) throw new Error('no entry');
      await index.put({ kind: 'pending', requestId: ID(1), at: T('13:00:00') });
      await index.remove(read);
      expect((await index.pending({ limit: 1 })).items.map((e) => e.at)).toEqual([T('13:00:00')]);
      const [again] = (await index.pending({ limit: 1 })).items;
      if (!again) throw new Error('no entry');
      await index.remove(again);
      await index.remove(again); // already gone is success
      expect((await index.pending({ limit: 1 })).items).toEqual([]);
    });

    it('refuses a continuation token it never gave out, or one of another kind', async () => {
      const { index } = await make();
      await index.put({ kind: 'due', requestId: ID(1), at: T('10:00:00') });
      await index.put({ kind: 'due', requestId: ID(2), at: T('10:00:01') });
      const dueToken = (await index.dueBy('due', T('11:00:00'), { limit: 1 })).continuationToken ?? '';
      for (const continuationToken of ['garbage!', Buffer.from('due:x').toString('base64url'), dueToken])
        await expect(index.pending({ limit: 1, continuationToken })).rejects.toMatchObject({
          code: 'invalidContinuationToken',
        });
    });

    it('writes an entry with the work: a pending one on submission, a due one on approval', async () => {
      const { indexed, index } = await setup();
      const request = requestFixture({ id: ID(1) });
      await indexed.create(request, submittedEvents());
      expect((await index.pending({ limit: 10 })).items.map((e) => e.requestId)).toEqual([ID(1)]);
      // While the submission's event is still in the outbox, its pending entry covers an approval too.
      const early = await indexed.get(ID(1));
      if (!early) throw new Error('missing');
      await indexed.commit(early, approved(early.request), [approvedEvent]);
      expect((await index.dueBy('due', T('23:00:00'), { limit: 10 })).items).toEqual([]);
      await indexed.create(requestFixture({ id: ID(2) }), submittedEvents());
      await indexed.markPublished(ID(2), [3]); // the sweeper cleaned the outbox: the deadline is a day off
      const stored = await indexed.get(ID(2));
      if (!stored) throw new Error('missing');
      await indexed.commit(stored, approved(stored.request), [approvedEvent]);
      const due = (await index.dueBy('due', T('23:00:00'), { limit: 10 })).items;
      expect(due.map((e) => [e.requestId, e.at])).toEqual([[ID(2), T('10:02:00')]]); // its own event, unsent for 2 minutes, is the first thing due
      expect((await indexed.list({ state: 'awaitingApproval', limit: 10 })).items).toEqual([]);
    });

    it('writes nothing for a change that keeps its deadline or moves it later', async () => {
      const parts = await setup();
      const request = requestFixture({ id: ID(1), state: 'approved', version: 0 });
      await parts.indexed.create(request, []);
      const stored = await parts.indexed.get(ID(1));
      if (!stored) throw new Error('missing');
      const before = await everyEntry(parts.index);
      const later = { ...stored.request, state: 'applying' as const, updatedAt: T('10:00:00') };
      await parts.indexed.commit(stored, later, []);
      expect(await everyEntry(parts.index)).toEqual(before);
    });

    it('lets the work and its entry go together: once the request is done the sweeper files it as finished', async () => {
      const parts = await setup();
      await parts.indexed.create(requestFixture({ id: ID(1) }), submittedEvents());
      let stored = await parts.indexed.get(ID(1));
      if (!stored) throw new Error('missing');
      await parts.indexed.commit(stored, approved(stored.request), [approvedEvent]);
      stored = await parts.indexed.get(ID(1));
      if (!stored) throw new Error('missing');
      const done: IdentityRequest = {
        ...stored.request,
        state: 'succeeded',
        version: stored.request.version + 2,
        completedAt: T('10:00:01'),
        updatedAt: T('10:00:01'),
      };
      await parts.indexed.commit(stored, done, [
        { type: 'applyStarted', at: T('10:00:01'), actor: 'broker' },
        { type: 'requestSucceeded', at: T('10:00:01'), actor: 'broker' },
      ]);
      await expectCovered(parts, [ID(1)]);
      parts.clock.advanceTo(T('10:10:00'));
      const swept = await parts.sweep();
      expect(swept.nudged).toBe(0);
      expect(parts.published).toEqual([3, 4, 5, 6].map((v) => `${ID(1)}-${v}`));
      expect((await everyEntry(parts.index)).map((e) => [e.kind, e.requestId, e.at])).toEqual([
        ['finished', ID(1), T('10:00:01')],
      ]);
      expect((await parts.sweep()).examined).toBe(0);
    });

    it('repairs a stale entry with one read of its request', async () => {
      const parts = await setup();
      await parts.indexed.create(requestFixture({ id: ID(1), state: 'succeeded', version: 0 }), []);
      await parts.index.put({ kind: 'due', requestId: ID(1), at: T('09:00:00') });
      await parts.index.put({ kind: 'due', requestId: ID(9), at: T('09:00:00') }); // never created
      let reads = 0;
      const counted: RequestStore = { ...parts.indexed, get: (id) => (reads++, parts.indexed.get(id)) };
      const outcome = await sweepRequests({
        store: counted,
        activeWork: parts.index,
        nudger: parts.nudger,
        clock: parts.clock,
      });
      expect([outcome.examined, outcome.repaired, outcome.nudged, reads]).toEqual([2, 2, 0, 2]);
      expect((await parts.index.dueBy('due', T('23:00:00'), { limit: 10 })).items).toEqual([]);
    });

    it('leaves a stale entry, never a missing one, when the process dies between the entry and the commit', async () => {
      const parts = await setup();
      await parts.indexed.create(requestFixture({ id: ID(1) }), submittedEvents());
      await parts.store.markPublished(ID(1), [3]); // its deadline is a day off: approving moves it earlier
      const dying = withActiveWork(crashingStore(plain(parts.store), ['requestApproved']), parts.index);
      const stored = await dying.get(ID(1));
      if (!stored) throw new Error('missing');
      await expect(dying.commit(stored, approved(stored.request), [approvedEvent])).rejects.toThrow(
        'injected crash',
      );
      expect((await parts.store.get(ID(1)))?.request.state).toBe('awaitingApproval');
      expect(
        (await parts.index.dueBy('due', T('23:00:00'), { limit: 10 })).items.map((e) => e.requestId),
      ).toEqual([ID(1)]);
      await expectCovered(parts, [ID(1)]);
      // The retry commits; the entry the crash left is the one that covers it.
      const retried = await dying.get(ID(1));
      if (!retried) throw new Error('missing');
      expect(await dying.commit(retried, approved(retried.request), [approvedEvent])).toHaveProperty('etag');
      await expectCovered(parts, [ID(1)]);
      // Without the retry, the sweeper finds the request still waiting and leaves it its pending entry only.
      await parts.indexed.create(requestFixture({ id: ID(2) }), submittedEvents());
      await parts.store.markPublished(ID(2), [3]);
      const second = await dying.get(ID(2));
      if (!second) throw new Error('missing');
      await expect(dying.commit(second, approved(second.request), [approvedEvent])).rejects.toThrow(
        'injected crash',
      );
      parts.clock.advanceTo(T('10:06:00'));
      await parts.sweep();
      const left = (await everyEntry(parts.index)).filter((e) => e.requestId === ID(2));
      expect(left.map((e) => [e.kind, e.at])).toEqual([['pending', requestFixture().approvalExpiresAt]]);
      expect(
        (await parts.indexed.list({ state: 'awaitingApproval', limit: 10 })).items.map((r) => r.id),
      ).toEqual([ID(2)]);
    });

    it('lists pending approvals from the index, skipping and repairing entries whose request moved on', async () => {
      const parts = await setup();
      for (const n of [1, 2, 3])
        await parts.indexed.create(
          requestFixture({
            id: ID(n),
            requestedBy: { id: n === 2 ? 'someone-else' : 'Requester-Object-Id' },
          }),
          submittedEvents(),
        );
      const stored = await parts.store.get(ID(1));
      if (!stored) throw new Error('missing');
      await parts.store.commit(stored, approved(stored.request), [approvedEvent]); // beneath the index
      const page = await parts.indexed.list({ state: 'awaitingApproval', limit: 1 });
      expect(page.items.map((r) => r.id)).toEqual([ID(2)]);
      const rest = await parts.indexed.list({
        state: 'awaitingApproval',
        limit: 5,
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      });
      expect([rest.items.map((r) => r.id), rest.continuationToken]).toEqual([[ID(3)], undefined]);
      expect((await parts.index.pending({ limit: 10 })).items.map((e) => e.requestId)).toEqual([
        ID(2),
        ID(3),
      ]);
      await expectCovered(parts, [ID(1), ID(2), ID(3)]);
      const mine = await parts.indexed.list({
        state: 'awaitingApproval',
        requestedBy: 'requester-object-id',
        limit: 5,
      });
      expect(mine.items.map((r) => r.id)).toEqual([ID(3)]);
    });

    it('prunes what finished more than the retention ago with its idempotency key, and never a request that still holds a grant', async () => {
      const parts = await setup();
      const grant = {
        status: 'succeeded' as const,
        roleAssignmentId: '/x/roleAssignments/1',
        principalId: 'p',
        roleDefinitionId: 'r',
      };
      const finished = (n: number, holding: boolean): IdentityRequest => ({
        ...requestFixture({ id: ID(n) }),
        state: 'succeeded',
        version: 0,
        operations: [
          { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: '/subscriptions/s' },
        ],
        results: [holding ? grant : { ...grant, revokedAt: T('09:00:00') }],
        completedAt: T('09:00:00'),
      });
      for (const [n, holding] of [
        [1, false],
        [2, true],
      ] as const) {
        const key = `http|caller|key-${n}`;
        await parts.indexed.claimIdempotencyKey(key, { requestId: ID(n), fingerprint: 'f' });
        await parts.indexed.create(finished(n, holding), [], { idempotencyKey: key });
      }
      expect((await parts.store.get(ID(1)))?.request.id).toBe(ID(1)); // the key's link is no row of the request's
      for (const n of [1, 2]) await parts.index.put({ kind: 'due', requestId: ID(n), at: T('09:00:00') });
      await parts.sweep(30);
      expect(
        (await parts.index.dueBy('finished', T('23:00:00'), { limit: 10 })).items.map((e) => e.requestId),
      ).toEqual([ID(1)]);
      parts.clock.advanceTo('2026-12-23T09:00:00.000Z');
      expect((await parts.sweep(30)).pruned).toBe(0); // 30 days to the millisecond: not yet older
      parts.clock.advanceTo('2026-12-23T09:00:00.001Z');
      expect((await parts.sweep(30)).pruned).toBe(1);
      expect(await parts.store.get(ID(1))).toBeUndefined();
      expect(await parts.store.history(ID(1))).toEqual([]);
      expect(await parts.store.findIdempotencyKey('http|caller|key-1')).toBeUndefined();
      expect(await parts.store.findIdempotencyKey('http|caller|key-2')).toMatchObject({ requestId: ID(2) });
      expect((await parts.store.get(ID(2)))?.request.state).toBe('succeeded');
      expect(await everyEntry(parts.index)).toEqual([]);
    });
  });
}
