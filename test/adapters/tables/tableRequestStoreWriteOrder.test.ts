import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableRequestStore } from '../../../src/adapters/tables/tableRequestStore.js';
import type { RequestStore } from '../../../src/core/ports.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { requestFixture, submittedEvents } from '../../support/requestFixture.js';

let azurite: RunningAzurite;
let tableNo = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

const WRITES = new Set(['submitTransaction', 'createEntity', 'updateEntity', 'upsertEntity', 'deleteEntity']);

/**
 * The store on fresh tables whose requests table can be made to die: after `dieAfter(n)`, the n writes that
 * follow go through and every later one fails, as the process dying after its n-th round trip would.
 */
async function freshStore(): Promise<{
  store: RequestStore;
  requests: TableClient;
  dieAfter: (n: number) => void;
}> {
  tableNo++;
  const client = (name: string) =>
    TableClient.fromConnectionString(azurite.connectionString, `${name}${tableNo}`, {
      allowInsecureConnection: true,
    });
  const requests = client('OrderRequests');
  const keys = client('OrderKeys');
  await Promise.all([requests.createTable(), keys.createTable()]);
  let writesLeft = Number.POSITIVE_INFINITY;
  const dying = new Proxy(requests, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || !WRITES.has(prop)) return method.bind(target);
      return async (...args: unknown[]) => {
        if (writesLeft <= 0) throw new Error('injected crash: the process died');
        writesLeft--;
        return method.apply(target, args);
      };
    },
  });
  return {
    store: createTableRequestStore({ requests: dying, keys }),
    requests,
    dieAfter: (n) => void (writesLeft = n),
  };
}

async function rowKeysOf(requests: TableClient): Promise<string[]> {
  const rows: string[] = [];
  for await (const e of requests.listEntities()) if (e.rowKey !== undefined) rows.push(e.rowKey);
  return rows;
}

const ID = requestFixture().id;
const approvedAt = '2026-11-23T10:00:00.000Z';
const approved = (version: number) => ({
  ...requestFixture(),
  state: 'approved' as const,
  version,
  updatedAt: approvedAt,
});
const approvedEvent = { type: 'requestApproved' as const, at: approvedAt, actor: 'approver' };

describe('table request store: one transaction per change (docs/storage.md)', () => {
  it('writes a create in one round trip: a process dying after it leaves the request with its outbox rows', async () => {
    const { store, requests, dieAfter } = await freshStore();
    dieAfter(1);
    await store.create(requestFixture(), submittedEvents()).catch(() => undefined);
    const rows = await rowKeysOf(requests);
    // All or nothing: no state row, or the state row with its event rows and the outbox row of its news.
    const whole = ['', '0000000000000001', '0000000000000002', '0000000000000003', 'outbox|0000000000000003'];
    expect([[], whole]).toContainEqual(rows);
  });

  it('writes a commit in one round trip: a process dying after it leaves no change without its outbox row', async () => {
    const { store, requests, dieAfter } = await freshStore();
    await store.create(requestFixture(), submittedEvents());
    const stored = (await store.get(ID))!;
    dieAfter(1);
    await store.commit(stored, approved(4), [approvedEvent]).catch(() => undefined);
    const version = (await store.get(ID))?.request.version;
    const rows = (await rowKeysOf(requests)).filter((r) => r.endsWith('0000000000000004'));
    // The state row moved only together with the event that explains it and that event's outbox row.
    expect([
      { version: 3, rows: [] },
      { version: 4, rows: ['0000000000000004', 'outbox|0000000000000004'] },
    ]).toContainEqual({ version, rows });
  });

  it('fences on the event sequence alone once the outbox rows of that version were sent and removed', async () => {
    const { store } = await freshStore();
    await store.create(requestFixture(), submittedEvents());
    const first = (await store.get(ID))!;
    expect(await store.commit(first, approved(4), [approvedEvent])).not.toBe('conflict');
    // Sent and removed by the sweeper: no outbox row is left for a stale writer's outbox row to collide on.
    await store.markPublished(ID, [3, 4]);
    const current = (await store.get(ID))!;
    // A writer that believes the request is still at version 3 (the ETag it sends is current): only the
    // create of event row 4, which exists, can stop it.
    const sameVersion = { request: first.request, etag: current.etag };
    expect(
      await store.commit(sameVersion, { ...approved(4), state: 'cancelled' }, [
        { ...approvedEvent, type: 'requestCancelled' },
      ]),
    ).toBe('conflict');
    expect((await store.get(ID))?.request.state).toBe('approved');
    expect((await store.history(ID)).map((e) => e.type)).toEqual([
      'requestSubmitted',
      'policyEvaluated',
      'approvalRequested',
      'requestApproved',
    ]);
  });
});
