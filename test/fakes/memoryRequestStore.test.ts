import { beforeEach, describe, expect, it } from 'vitest';
import { requestOutboxContract } from '../contracts/requestOutboxContract.js';
import type { NewEvent } from '../../src/core/ports.js';
import { MemoryRequestStore } from './memoryRequestStore.js';
import { eventsFor, requestOf } from './requestBuilder.js';

// The same contract test/adapters/tables/tableRequestStore.test.ts holds the table store to.
let store: MemoryRequestStore;
beforeEach(async () => {
  store = new MemoryRequestStore();
  await store.create(requestOf(), eventsFor(requestOf()));
});

const ID = requestOf().id;
const approvedEvent: NewEvent = {
  type: 'requestApproved',
  at: '2026-11-23T10:00:00.000Z',
  actor: 'approver',
};
const approved = (version = 4) => requestOf({ state: 'approved', version });
const current = async () => {
  const stored = await store.get(ID);
  if (!stored) throw new Error('the request vanished');
  return stored;
};

describe('memory request store', () => {
  it('reads back what it created, with its events numbered from 1', async () => {
    expect((await current()).request).toEqual(requestOf());
    expect((await store.history(ID)).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'requestSubmitted'],
      [2, 'policyEvaluated'],
      [3, 'policyEvaluated'],
    ]);
  });

  it('refuses to create a request whose ID is taken, leaving the first untouched', async () => {
    expect(await store.create(requestOf({ justification: 'other' }), [])).toBe('exists');
    expect((await current()).request.justification).toBe('runbook needs an identity');
  });

  it('commits a change and numbers its events after the last one', async () => {
    expect(await store.commit(await current(), approved(), [approvedEvent])).toHaveProperty('etag');
    expect((await current()).request.state).toBe('approved');
    expect((await store.history(ID)).at(-1)).toEqual({ ...approvedEvent, sequence: 4 });
  });

  it('refuses a commit from a writer that read an older ETag', async () => {
    const first = await current();
    await store.commit(first, approved(), [approvedEvent]);
    expect(await store.commit(first, approved(), [approvedEvent])).toBe('conflict');
    expect(await store.history(ID)).toHaveLength(4);
  });

  it('logs each written commit with its events, and not the ones it refused', async () => {
    const first = await current();
    await store.commit(first, approved(), [approvedEvent]);
    await store.commit(first, approved(), [approvedEvent]);
    await store.commit(await current(), { ...approved(), notBefore: '2026-11-23T11:00:00.000Z' }, []);
    expect(store.commits).toEqual([
      { requestId: ID, version: 4, events: ['requestApproved'] },
      { requestId: ID, version: 4, events: [] },
    ]);
  });

  it('fences on the event sequence even when the ETag it is given is current', async () => {
    const first = await current();
    await store.commit(first, approved(), [approvedEvent]);
    const sameVersion = { request: first.request, etag: (await current()).etag };
    expect(await store.commit(sameVersion, { ...approved(), state: 'cancelled' }, [approvedEvent])).toBe(
      'conflict',
    );
    expect((await current()).request.state).toBe('approved');
  });

  it('guards a commit without events by the ETag alone', async () => {
    const first = await current();
    expect(
      await store.commit(first, { ...first.request, notBefore: '2026-11-23T11:00:00.000Z' }, []),
    ).toHaveProperty('etag');
    expect(await store.commit(first, { ...first.request, notBefore: '2026-11-23T12:00:00.000Z' }, [])).toBe(
      'conflict',
    );
  });

  it('throws on a version that does not follow from the events: that is a bug, not a conflict', async () => {
    await expect(store.commit(await current(), approved(5), [approvedEvent])).rejects.toThrow(
      'version 5 does not follow 3 + 1 events',
    );
  });

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const stored = await current();
    stored.request.operations.push({ kind: 'disableSystemAssignedIdentity' });
    expect((await current()).request.operations).toHaveLength(1);
  });

  it('lists newest first (ascending ID), filtered, across pages', async () => {
    const ids = ['ffff00000000000000000001', 'ffff00000000000000000002', 'ffff00000000000000000003'];
    for (const [i, id] of ids.entries())
      await store.create(
        requestOf({ id, requestedBy: { id: i === 1 ? 'someone-else' : 'Requester-Object-Id' } }),
        [],
      );
    const first = await store.list({ limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const rest = await store.list({ limit: 3, continuationToken: first.continuationToken ?? '' });
    expect([rest.items.map((r) => r.id), rest.continuationToken]).toEqual([[ids[2], ID], undefined]);
    expect(
      (await store.list({ limit: 9, requestedBy: 'requester-object-id' })).items.map((r) => r.id),
    ).toEqual([ids[0], ids[2], ID]);
    expect((await store.list({ limit: 9, state: 'approved' })).items).toEqual([]);
    expect((await store.list({ limit: 9, target: requestOf().target.toUpperCase() })).items).toHaveLength(4);
  });

  it('refuses a continuation token it never gave out with a coded error', async () => {
    for (const continuationToken of ['garbage', Buffer.from('{"nope":1}').toString('base64')])
      await expect(store.list({ limit: 2, continuationToken })).rejects.toMatchObject({
        code: 'invalidContinuationToken',
      });
  });

  it('lists only requests due by a time when asked, leaving out those with no notBefore', async () => {
    const due = [
      ['ffff00000000000000000001', '2026-11-23T10:59:59.999Z'],
      ['ffff00000000000000000002', '2026-11-23T11:00:00.000Z'],
      ['ffff00000000000000000003', '2026-11-23T11:00:00.001Z'],
    ] as const;
    for (const [id, notBefore] of due) await store.create(requestOf({ id, notBefore }), []);
    expect(
      (await store.list({ limit: 9, dueBy: '2026-11-23T11:00:00.000Z' })).items.map((r) => r.id),
    ).toEqual([due[0][0], due[1][0]]);
  });

  it('claims an idempotency key once; a later claim learns what it points at', async () => {
    expect(await store.claimIdempotencyKey('k', { requestId: 'a', fingerprint: 'f1' })).toEqual({
      claimed: true,
    });
    expect(await store.claimIdempotencyKey('k', { requestId: 'b', fingerprint: 'f2' })).toEqual({
      claimed: false,
      requestId: 'a',
      fingerprint: 'f1',
    });
    expect(await store.findIdempotencyKey('k')).toEqual({ requestId: 'a', fingerprint: 'f1' });
    expect(await store.findIdempotencyKey('other')).toBeUndefined();
  });

  it('returns nothing for an unknown request', async () => {
    expect(await store.get('ffff0000000000000000beef')).toBeUndefined();
    expect(await store.history('ffff0000000000000000beef')).toEqual([]);
  });
});

requestOutboxContract('memory request store', async () => new MemoryRequestStore());
