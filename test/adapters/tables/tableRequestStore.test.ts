import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTableRequestStore } from '../../../src/adapters/tables/tableRequestStore.js';
import type { RequestStore } from '../../../src/core/ports.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { fullRequestFixture, requestFixture, submittedEvents } from '../../support/requestFixture.js';
import { requestOutboxContract } from '../../contracts/requestOutboxContract.js';

let azurite: RunningAzurite;
let requests: TableClient;
let store: RequestStore;
let tableNo = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

beforeEach(async () => {
  // A fresh pair of tables per test: no test sees another's rows.
  tableNo++;
  const client = (name: string) =>
    TableClient.fromConnectionString(azurite.connectionString, `${name}${tableNo}`, {
      allowInsecureConnection: true,
    });
  requests = client('Requests');
  const keys = client('Keys');
  await Promise.all([requests.createTable(), keys.createTable()]);
  store = createTableRequestStore({ requests, keys });
});

const approve = (version: number) => ({
  ...requestFixture(),
  state: 'approved' as const,
  version,
  updatedAt: '2026-11-23T10:00:00.000Z',
});
const approvedEvent = { type: 'requestApproved' as const, at: '2026-11-23T10:00:00.000Z', actor: 'approver' };

describe('table request store', () => {
  it('writes the state row and its first events in one transaction, and reads them back', async () => {
    expect(await store.create(requestFixture(), submittedEvents())).toBe('created');
    const stored = await store.get(requestFixture().id);
    expect(stored?.request).toEqual(requestFixture());
    expect((await store.history(requestFixture().id)).map((e) => [e.sequence, e.type])).toEqual([
      [1, 'requestSubmitted'],
      [2, 'policyEvaluated'],
      [3, 'approvalRequested'],
    ]);
  });

  it('keeps every field of a request through a write and a read', async () => {
    await store.create(fullRequestFixture(), submittedEvents());
    expect((await store.get(fullRequestFixture().id))?.request).toEqual(fullRequestFixture());
  });

  it('refuses to create a request whose ID is taken, leaving the first untouched', async () => {
    await store.create(requestFixture(), submittedEvents());
    expect(await store.create(requestFixture({ justification: 'other' }), submittedEvents())).toBe('exists');
    expect((await store.get(requestFixture().id))?.request.justification).toBe('runbook needs an identity');
    expect(await store.history(requestFixture().id)).toHaveLength(3);
  });

  it('commits a change with its events, numbered after the last one, as 16 hex digits; the outbox sorts last', async () => {
    await store.create(requestFixture(), submittedEvents());
    const stored = (await store.get(requestFixture().id))!;
    expect(await store.commit(stored, approve(4), [approvedEvent])).toHaveProperty('etag');
    expect((await store.get(requestFixture().id))?.request.state).toBe('approved');
    const rows = [];
    for await (const e of requests.listEntities()) rows.push(e.rowKey);
    expect(rows).toEqual([
      '',
      '0000000000000001',
      '0000000000000002',
      '0000000000000003',
      '0000000000000004',
      'outbox|0000000000000003',
      'outbox|0000000000000004',
    ]);
  });

  it('refuses a commit from a writer that read an older ETag', async () => {
    await store.create(requestFixture(), submittedEvents());
    const first = (await store.get(requestFixture().id))!;
    expect(await store.commit(first, approve(4), [approvedEvent])).toHaveProperty('etag');
    const stale = await store.commit(first, { ...approve(4), state: 'rejected' }, [
      { ...approvedEvent, type: 'requestRejected' },
    ]);
    expect(stale).toBe('conflict');
    expect((await store.get(requestFixture().id))?.request.state).toBe('approved');
  });

  it('fences on the event sequence even when the ETag it is given is current', async () => {
    await store.create(requestFixture(), submittedEvents());
    const first = (await store.get(requestFixture().id))!;
    await store.commit(first, approve(4), [approvedEvent]);
    const current = (await store.get(requestFixture().id))!;
    // A writer that believes the request is still at version 3 collides on creating event 4.
    const sameVersion = { request: first.request, etag: current.etag };
    expect(
      await store.commit(sameVersion, { ...approve(4), state: 'cancelled' }, [
        { ...approvedEvent, type: 'requestCancelled' },
      ]),
    ).toBe('conflict');
    expect((await store.history(requestFixture().id)).at(-1)?.type).toBe('requestApproved');
  });

  it('fences on If-Match inside the transaction when the sequence numbers are fresh', async () => {
    await store.create(requestFixture(), submittedEvents());
    const first = (await store.get(requestFixture().id))!;
    await store.commit(first, approve(4), [approvedEvent]);
    // Right version, stale ETag: only If-Match on the batched update stops this one (Azurite issue #1233 says it may not).
    const staleEtag = { request: approve(4), etag: first.etag };
    const next = { ...approve(5), state: 'applying' as const };
    expect(await store.commit(staleEtag, next, [{ ...approvedEvent, type: 'applyStarted' }])).toBe(
      'conflict',
    );
  });

  it('guards a commit without events by the ETag alone', async () => {
    await store.create(requestFixture(), submittedEvents());
    const first = (await store.get(requestFixture().id))!;
    expect(
      await store.commit(first, { ...first.request, notBefore: '2026-11-23T11:00:00.000Z' }, []),
    ).toHaveProperty('etag');
    expect(await store.commit(first, { ...first.request, notBefore: '2026-11-23T12:00:00.000Z' }, [])).toBe(
      'conflict',
    );
    expect((await store.get(requestFixture().id))?.request.notBefore).toBe('2026-11-23T11:00:00.000Z');
  });

  it('lists state rows newest first, filtered, across pages', async () => {
    // Request IDs are inverted timestamps: a smaller ID is a newer request.
    const ids = ['ffff00000001aaaaaaaaaaaa', 'ffff00000002aaaaaaaaaaaa', 'ffff00000003aaaaaaaaaaaa'];
    for (const [i, id] of ids.entries())
      await store.create(
        requestFixture({ id, requestedBy: { id: i === 1 ? 'someone-else' : 'Requester-Object-Id' } }),
        submittedEvents(),
      );
    const first = await store.list({ limit: 2 });
    expect(first.items.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const second = await store.list({ limit: 2, continuationToken: first.continuationToken! });
    expect(second.items.map((r) => r.id)).toEqual([ids[2]]);
    expect(second.continuationToken).toBeUndefined();
    const mine = await store.list({ limit: 10, requestedBy: 'requester-object-id' });
    expect(mine.items.map((r) => r.id)).toEqual([ids[0], ids[2]]);
    expect((await store.list({ limit: 10, state: 'approved' })).items).toEqual([]);
    const byTarget = await store.list({ limit: 10, target: requestFixture().target.toUpperCase() });
    expect(byTarget.items).toHaveLength(3);
  });

  it('refuses a continuation token it never gave out with a coded error', async () => {
    for (const continuationToken of ['garbage', Buffer.from('{"nope":1}').toString('base64')])
      await expect(store.list({ limit: 2, continuationToken })).rejects.toMatchObject({
        code: 'invalidContinuationToken',
      });
  });

  it('claims an idempotency key once; a later claim learns what it points at', async () => {
    expect(
      await store.claimIdempotencyKey('http|caller|key/with#odd?chars', {
        requestId: 'a',
        fingerprint: 'f1',
      }),
    ).toEqual({ claimed: true });
    expect(
      await store.claimIdempotencyKey('http|caller|key/with#odd?chars', {
        requestId: 'b',
        fingerprint: 'f2',
      }),
    ).toEqual({
      claimed: false,
      requestId: 'a',
      fingerprint: 'f1',
    });
    expect(await store.findIdempotencyKey('http|caller|key/with#odd?chars')).toEqual({
      requestId: 'a',
      fingerprint: 'f1',
    });
    expect(await store.findIdempotencyKey('http|caller|other')).toBeUndefined();
  });

  it('returns nothing for an unknown request', async () => {
    expect(await store.get('ffff0000000000000000beef')).toBeUndefined();
    expect(await store.history('ffff0000000000000000beef')).toEqual([]);
  });
});

requestOutboxContract('table request store on Azurite', async () => store);
