import { TableClient } from '@azure/data-tables';
import { afterAll, describe, expect, it } from 'vitest';
import { writeRows, type PlainEntity } from '../../bench/azuriteRows.js';
import { checkSeededHistory } from '../../bench/checkSeededHistory.js';
import { copyOf, rowsOf, seedFinishedRequests, type FinishedHistory } from '../../bench/seedHistory.js';
import { azuriteStore, type RunningAzurite, startAzurite } from '../../dev/azurite/startAzurite.js';
import { createTableActiveWorkIndex } from '../../src/adapters/tables/tableActiveWorkIndex.js';
import { createTableRequestStore } from '../../src/adapters/tables/tableRequestStore.js';
import {
  ACTIVE_WORK_TABLE,
  IDEMPOTENCY_TABLE,
  REQUESTS_TABLE,
} from '../../src/adapters/tables/tableNames.js';
import { fullRequestFixture } from '../support/requestFixture.js';

const client = (azurite: RunningAzurite, table: string) =>
  TableClient.fromConnectionString(azurite.connectionString, table, { allowInsecureConnection: true });

const at = '2026-11-23T09:00:00.000Z';
const done = '2026-11-23T09:06:00.000Z';
/** A finished one-step request as the broker leaves it: its state and its 8 events, data included. */
const finished: FinishedHistory = {
  request: { ...fullRequestFixture(), state: 'succeeded', version: 8, completedAt: done, updatedAt: done },
  events: [
    { type: 'requestSubmitted', at, actor: 'r', data: { source: 'http', correlationId: 'msg-1' } },
    { type: 'policyEvaluated', at, actor: 'r', data: { decision: 'approvalRequired' } },
    { type: 'approvalRequested', at, actor: 'r', data: { approvers: ['a'] } },
    { type: 'requestApproved', at, actor: 'a', data: { decision: 'approved', version: 3 } },
    { type: 'policyEvaluated', at: done, actor: 'identity-broker', data: { decision: 'approvalRequired' } },
    { type: 'applyStarted', at: done, actor: 'identity-broker' },
    { type: 'stepSucceeded', at: done, actor: 'identity-broker', data: { step: 0 } },
    { type: 'requestSucceeded', at: done, actor: 'identity-broker' },
  ],
};

/** What Azurite keeps of an entity, without what it stamps at write time (its place, time and ETag). */
const lasting = (doc: Record<string, unknown>) => {
  const { $loki, meta, lastModifiedTime, eTag, properties, ...rest } = doc;
  void [$loki, meta, lastModifiedTime, eTag];
  const { Timestamp, ...kept } = properties as Record<string, unknown>;
  void Timestamp;
  return { ...rest, properties: kept };
};

/** An Azurite of its own per test, with the broker's tables: no test sees another's rows. */
const started: RunningAzurite[] = [];
async function freshAzurite(): Promise<RunningAzurite> {
  const azurite = await startAzurite();
  started.push(azurite);
  await Promise.all(
    [REQUESTS_TABLE, ACTIVE_WORK_TABLE, IDEMPOTENCY_TABLE].map((t) => client(azurite, t).createTable()),
  );
  return azurite;
}
afterAll(() => Promise.all(started.map((a) => a.close())));

describe('history written below the Table API', () => {
  it('is stored as Azurite stores the same rows sent through its Table API', async () => {
    const [api, direct] = await Promise.all([freshAzurite(), freshAzurite()]);
    const copy = copyOf(finished, new Date('2025-06-01T12:00:00.000Z'));
    const rows = rowsOf(copy);
    await client(api, REQUESTS_TABLE).submitTransaction(rows.requests.map((e) => ['create', e]));
    await client(api, ACTIVE_WORK_TABLE).upsertEntity(rows.work, 'Replace'); // as the index's put
    writeRows(direct, REQUESTS_TABLE, rows.requests);
    writeRows(direct, ACTIVE_WORK_TABLE, [rows.work]);

    for (const table of [REQUESTS_TABLE, ACTIVE_WORK_TABLE]) {
      const [sent, written] = await Promise.all(
        [api, direct].map(async (azurite) => {
          const docs = storedDocs(azurite, table);
          const read = [];
          for await (const e of client(azurite, table).listEntities()) {
            const { etag, timestamp, ...rest } = e;
            void [etag, timestamp];
            read.push(rest);
          }
          return { docs: docs.map(lasting), read };
        }),
      );
      expect(written).toEqual(sent);
      expect(written?.docs).toHaveLength(table === REQUESTS_TABLE ? 9 : 1);
    }
  });

  it('refuses a row whose key is taken, as a create through the API would', async () => {
    const direct = await freshAzurite();
    const row: PlainEntity = { partitionKey: 'taken', rowKey: '', State: 'succeeded' };
    writeRows(direct, REQUESTS_TABLE, [row]);
    expect(() => writeRows(direct, REQUESTS_TABLE, [row])).toThrow(/already holds/);
    expect(() =>
      writeRows(direct, REQUESTS_TABLE, [
        { ...row, partitionKey: 'twice' },
        { ...row, partitionKey: 'twice' },
      ]),
    ).toThrow(/twice/);
  });

  it('seeds copies that the table store and the index read back, one a minute, continuing across batches', async () => {
    const direct = await freshAzurite();
    seedTemplate(direct);
    const now = new Date('2026-11-23T09:00:00.000Z');
    const first = await seedFinishedRequests(direct, 3, finished, { now });
    const more = await seedFinishedRequests(direct, 2, finished, { now, from: 3 });
    const ids = [...first.ids, ...more.ids];
    expect(new Set(ids).size).toBe(5);

    const store = createTableRequestStore({
      requests: client(direct, REQUESTS_TABLE),
      keys: client(direct, IDEMPOTENCY_TABLE),
    });
    const second = await store.get(ids[1] as string);
    expect(second?.unpublished).toBeUndefined();
    expect(second?.request).toEqual(first.sample.find((c) => c.request.id === ids[1])?.request);
    expect(second?.request).toMatchObject({
      state: 'succeeded',
      version: 8,
      justification: 'runbook needs an identity',
    });
    const history = await store.history(ids[1] as string);
    expect(history.map((e) => e.type)).toEqual(finished.events.map((e) => e.type));
    expect(history.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const index = createTableActiveWorkIndex(client(direct, ACTIVE_WORK_TABLE));
    const entries = (await index.dueBy('finished', now.toISOString(), { limit: 10 })).items;
    expect(entries.map((e) => e.requestId)).toEqual(ids);
    const yearAgo = now.getTime() - 365 * 86_400_000;
    expect(entries.map((e) => Date.parse(e.at) - yearAgo)).toEqual([0, 1, 2, 3, 4].map((i) => i * 60_000));

    await expect(
      checkSeededHistory(direct.connectionString, finished, [first, more]),
    ).resolves.toBeUndefined();
  });

  it('makes each copy a request of its own: a new ID, its times moved, the rest as the original', () => {
    const copy = copyOf(finished, new Date('2025-06-01T12:06:00.000Z'));
    expect(copy.request.id).not.toBe(finished.request.id);
    expect(copy.request).toMatchObject({
      createdAt: '2025-06-01T12:00:00.000Z',
      completedAt: '2025-06-01T12:06:00.000Z',
      approvalExpiresAt: '2025-06-02T12:00:00.000Z',
      plan: finished.request.plan,
      decisions: finished.request.decisions,
    });
    expect(copy.request.correlationId).not.toBe(finished.request.correlationId);
    expect(copy.events[0]?.data).toEqual({ source: 'http', correlationId: copy.request.correlationId });
    expect(copy.events.map((e) => e.at.slice(11, 16))).toEqual([
      ...Array(4).fill('12:00'),
      ...Array(4).fill('12:06'),
    ]);
  });

  it('finds a seeded request whose rows are not all there', async () => {
    const direct = await freshAzurite();
    seedTemplate(direct);
    const now = new Date('2026-01-01T00:00:00.000Z');
    const batch = await seedFinishedRequests(direct, 2, finished, { now });
    await client(direct, REQUESTS_TABLE).deleteEntity(batch.ids[0] as string, '0000000000000005');
    await expect(checkSeededHistory(direct.connectionString, finished, [batch])).rejects.toThrow(
      batch.ids[0] as string,
    );
  });

  it('refuses a template whose partition holds a row its copies would lack', async () => {
    const direct = await freshAzurite();
    seedTemplate(direct);
    const batch = await seedFinishedRequests(direct, 1, finished, {
      now: new Date('2026-01-01T00:00:00.000Z'),
    });
    await expect(checkSeededHistory(direct.connectionString, finished, [batch])).resolves.toBeUndefined();
    // An idempotency key's link row, as a create with a key leaves one.
    writeRows(direct, REQUESTS_TABLE, [{ partitionKey: finished.request.id, rowKey: '~key|abc' }]);
    await expect(checkSeededHistory(direct.connectionString, finished, [batch])).rejects.toThrow(
      `the template ${finished.request.id} has 10 rows`,
    );
  });
});

/** The template's own rows, as the broker would have left them: the checks read it as the real request. */
function seedTemplate(azurite: RunningAzurite): void {
  const rows = rowsOf(finished);
  writeRows(azurite, REQUESTS_TABLE, rows.requests);
  writeRows(azurite, ACTIVE_WORK_TABLE, [rows.work]);
}

/** Azurite's own documents of a table, read from its database (what a later read of the table answers from). */
function storedDocs(azurite: RunningAzurite, table: string): Array<Record<string, unknown>> {
  const store = azuriteStore(azurite) as {
    getEntityCollection(
      account: string,
      table: string,
      context: object,
    ): { data: Array<Record<string, unknown>> };
  };
  return store.getEntityCollection('devstoreaccount1', table, {}).data;
}
