import { isDeepStrictEqual } from 'node:util';
import { odata, TableClient } from '@azure/data-tables';
import { createTableRequestStore } from '../src/adapters/tables/tableRequestStore.js';
import { ACTIVE_WORK_TABLE, IDEMPOTENCY_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import type { FinishedHistory, SeededBatch } from './seedHistory.js';

// A range of at most this many consecutive requests is counted: one page of a query, whatever the size.
const RANGE = 1000;

/**
 * Reads seeded history back through the SDK, as the broker would, and throws naming what is not as seeded.
 * The template's own rows are its state, its events and one `finished` entry, nothing the copies lack. Each
 * copy sampled from the newest batch (and the first and last of each earlier one) reads back whole through
 * the real table store's `get` and `history`, its partition holds its state row and events and nothing else,
 * and its `finished` entry is there. The newest batch's first requests are counted over a key range: their
 * state rows and their entries, nothing missing and nothing extra between them.
 */
export async function checkSeededHistory(
  connectionString: string,
  template: FinishedHistory,
  batches: SeededBatch[],
): Promise<void> {
  const client = (table: string) =>
    TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  const requests = client(REQUESTS_TABLE);
  const work = client(ACTIVE_WORK_TABLE);
  const store = createTableRequestStore({ requests, keys: client(IDEMPOTENCY_TABLE) });
  const rowsEach = 1 + template.events.length;
  const problems: string[] = [];

  const own = template.request.id;
  const ownRows = await count(requests, odata`PartitionKey eq ${own}`);
  const ownEntries = await count(work, odata`RequestId eq ${own}`);
  if (ownRows !== rowsEach || ownEntries !== 1)
    problems.push(
      `the template ${own} has ${ownRows} rows and ${ownEntries} index entries, not ${rowsEach} and 1`,
    );

  const newest = batches.at(-1);
  const sampled = batches.flatMap((b) => (b === newest ? b.sample : [b.sample[0], b.sample.at(-1)]));
  for (const copy of sampled) {
    if (!copy) continue;
    const { id } = copy.request;
    const stored = await store.get(id);
    if (!isDeepStrictEqual(stored?.request, copy.request))
      problems.push(`${id}: get() is not the request seeded`);
    if (stored?.unpublished) problems.push(`${id}: has an outbox`);
    const history = await store.history(id);
    if (
      !isDeepStrictEqual(
        history,
        copy.events.map((e, n) => ({ sequence: n + 1, ...e })),
      )
    )
      problems.push(`${id}: history() is not the events seeded`);
    const rows = await count(requests, odata`PartitionKey eq ${id}`);
    if (rows !== rowsEach) problems.push(`${id}: ${rows} rows in its partition, not ${rowsEach}`);
    const at = copy.request.completedAt ?? copy.request.updatedAt;
    const entry = await work
      .getEntity<{ RequestId: string; At: string }>('finished', `${at}|${id}`)
      .catch(() => undefined);
    if (entry?.RequestId !== id || entry.At !== at) problems.push(`${id}: no finished entry`);
  }

  // IDs invert the creation time: a batch's oldest requests hold its highest IDs, above every later one's.
  const first = newest?.ids.slice(0, RANGE) ?? [];
  const [high, low] = [first[0], first.at(-1)];
  if (high !== undefined && low !== undefined) {
    const states = await count(
      requests,
      odata`PartitionKey ge ${low} and PartitionKey le ${high} and RowKey eq ''`,
    );
    if (states !== first.length)
      problems.push(`${states} state rows from ${low} to ${high}, not ${first.length}`);
    const entries = await count(
      work,
      odata`PartitionKey eq 'finished' and RequestId ge ${low} and RequestId le ${high}`,
    );
    if (entries !== first.length)
      problems.push(`${entries} finished entries from ${low} to ${high}, not ${first.length}`);
  }
  if (problems.length) throw new Error(`seeded history is not what was written: ${problems.join('; ')}`);
}

async function count(table: TableClient, filter: string): Promise<number> {
  let n = 0;
  for await (const page of table
    .listEntities({ queryOptions: { filter, select: ['RowKey'] } })
    .byPage({ maxPageSize: 1000 }))
    n += page.length;
  return n;
}
