import { odata, TableClient } from '@azure/data-tables';
import { performance } from 'node:perf_hooks';
import { APPROVER, REQUESTER, easyAuthHeaders } from '../dev/callers.js';
import { AUTOMATION_ACCOUNT_PLAIN } from '../dev/armSandbox/seed.js';
import { ManualClock } from '../dev/localBus/manualClock.js';
import { startAzurite } from '../dev/azurite/startAzurite.js';
import { startLocalEnvironment } from '../dev/localEnvironment.js';
import { IDEMPOTENCY_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import { createTableRequestStore } from '../src/adapters/tables/tableRequestStore.js';
import type { Caller } from '../src/core/caller.js';
import type { Nudger } from '../src/core/ports.js';
import { rowCount } from './azuriteRows.js';
import { checkSeededHistory } from './checkSeededHistory.js';
import { countingIndex } from './countingIndex.js';
import { countingStore, type TableCounts } from './countingStore.js';
import { historyOf, type SeededBatch, seedFinishedRequests } from './seedHistory.js';

/** One row of the figures: what a pass of the sweeper and a page of pending approvals cost at a size of history. */
export interface ActiveWorkScaleRow {
  finishedRequests: number;
  /** Round trips to the request store and to the index of active work, reads and writes. */
  sweeperTransactions: number;
  sweeperMs: number;
  pendingListTransactions: number;
  pendingListMs: number;
  /** For comparison: one state filter over the whole table, as the sweeper ran five of before the index. */
  tableScanPages: number;
  tableScanMs: number;
  /** Rows in the requests table: what that filter reads (Azurite answers it in one page however many). */
  tableRows: number;
  /**
   * One partition query (the store's `get` of one request): Azurite answers any query by reading every row of
   * the table, so this, not the transactions, is what moves the sweeper's and the list's milliseconds here.
   */
  partitionQueryMs: number;
  /** How fast this size's new history was written (finished requests a second), and then read back. */
  seededPerSecond: number;
  checkMs: number;
}

const total = (c: { store: TableCounts; index: TableCounts }) =>
  c.store.reads + c.store.writes + c.index.reads + c.index.writes;

/**
 * Seeds `sizes` finished requests (cumulatively: each size adds to the last) into Azurite and, at each size,
 * runs the same active work: a request whose approval's nudge is lost and one left undecided, then a pass of
 * the sweeper and a page of the pending list, counting their table transactions and timing them (a rough
 * guide: the machine's load moves it). History is copies of a request the broker ran to the end here, written
 * below Azurite's API and read back through it (bench/seedHistory.ts). `onProgress` is told of each step.
 */
export async function measureActiveWorkScale({
  sizes = [1_000, 10_000, 100_000],
  onProgress = (line: string) => console.log(line),
}: { sizes?: number[]; onProgress?: (line: string) => void } = {}): Promise<ActiveWorkScaleRow[]> {
  const clock = new ManualClock();
  const counts = { store: { reads: 0, writes: 0 }, index: { reads: 0, writes: 0 } };
  const lose = { immediate: false };
  // Started here, in this process, so history can be written into its database (writeRows).
  const azurite = await startAzurite();
  const env = await startLocalEnvironment({
    azurite,
    clock,
    submissionsPerCallerPerMinute: 10_000,
    wrapStore: (s) => countingStore(s, counts.store),
    wrapIndex: (i) => countingIndex(i, counts.index),
    wrapServices: (services) => {
      const real = services.nudger;
      const nudger: Nudger = {
        nudge: async (n, at) => (lose.immediate && !at ? undefined : real.nudge(n, at)),
      };
      return { ...services, nudger };
    },
  });
  const call = async (method: string, url: string, as: Caller, body?: unknown) => {
    const response = await env.host.http({
      method,
      url,
      headers: { ...easyAuthHeaders(as), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return JSON.parse(response.body) as { id: string; items?: unknown[] };
  };
  const later = (minutes: number) => clock.advanceTo(new Date(clock.now().getTime() + minutes * 60_000));
  const measured = async (work: () => Promise<unknown>) => {
    const before = structuredClone(counts);
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    const after = {
      store: {
        reads: counts.store.reads - before.store.reads,
        writes: counts.store.writes - before.store.writes,
      },
      index: {
        reads: counts.index.reads - before.index.reads,
        writes: counts.index.writes - before.index.writes,
      },
    };
    return { transactions: total(after), ms: Number(ms.toFixed(1)) };
  };
  const enable = {
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    justification: 'benchmark',
  };
  const round = async () => {
    const lost = (await call('POST', '/api/identity-requests', REQUESTER, enable)).id;
    const waiting = (await call('POST', '/api/identity-requests', REQUESTER, enable)).id;
    lose.immediate = true;
    await call('POST', `/api/identity-requests/${lost}/approve`, APPROVER, {});
    lose.immediate = false;
    later(6);
    const sweeper = await measured(() => env.host.runTimer('sweepRequests'));
    const pendingList = await measured(() =>
      call('GET', '/api/identity-requests?state=awaitingApproval&limit=10', APPROVER),
    );
    await env.bus.drain({ advance: (to) => clock.advanceTo(to) });
    await call('POST', `/api/identity-requests/${waiting}/cancel`, REQUESTER, {});
    later(6);
    await env.host.runTimer('sweepRequests');
    return { sweeper, pendingList, finished: lost };
  };
  const client = (table: string) =>
    TableClient.fromConnectionString(azurite.connectionString, table, { allowInsecureConnection: true });
  const requests = client(REQUESTS_TABLE);
  const store = createTableRequestStore({ requests, keys: client(IDEMPOTENCY_TABLE) });
  const rows: ActiveWorkScaleRow[] = [];
  const batches: SeededBatch[] = [];
  let seeded = 0;
  try {
    // The template of history: a request the broker ran to the end, approved, applied and swept, as it left it.
    const template = await historyOf(store, (await round()).finished);
    for (const size of sizes) {
      onProgress(`active work: seeding ${size - seeded} finished requests (to ${size})...`);
      const started = performance.now();
      const batch = await seedFinishedRequests(azurite, size - seeded, template, {
        now: clock.now(),
        from: seeded,
      });
      const seedSeconds = (performance.now() - started) / 1000;
      batches.push(batch);
      seeded = size;
      const checked = performance.now();
      await checkSeededHistory(azurite.connectionString, template, batches);
      const checkMs = Number((performance.now() - checked).toFixed(0));
      const seededPerSecond = Math.round(batch.ids.length / seedSeconds);
      onProgress(
        `active work: seeded ${batch.ids.length} in ${seedSeconds.toFixed(1)} s (${seededPerSecond}/s), read back in ${checkMs} ms`,
      );
      await round(); // settles anything the previous size left
      const { sweeper, pendingList } = await round();
      const scan = await tableScan(requests);
      const tableRows = rowCount(azurite, REQUESTS_TABLE);
      const queried = performance.now();
      await store.get(template.request.id);
      const partitionQueryMs = Number((performance.now() - queried).toFixed(1));
      rows.push({
        finishedRequests: size,
        sweeperTransactions: sweeper.transactions,
        sweeperMs: sweeper.ms,
        pendingListTransactions: pendingList.transactions,
        pendingListMs: pendingList.ms,
        tableScanPages: scan.pages,
        tableScanMs: scan.ms,
        tableRows,
        partitionQueryMs,
        seededPerSecond,
        checkMs,
      });
      onProgress(
        `active work at ${size}: sweeper ${sweeper.transactions} transactions (${sweeper.ms} ms), pending list ${pendingList.transactions} (${pendingList.ms} ms), a table-wide state filter ${scan.pages} pages (${scan.ms} ms) over ${tableRows} rows; one partition query ${partitionQueryMs} ms`,
      );
    }
  } finally {
    await env.close();
  }
  return rows;
}

/** What one of the old sweeper's five state filters cost: a query with no partition key reads every state row. */
async function tableScan(requests: TableClient): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  let pages = 0;
  const filter = odata`RowKey eq '' and State eq 'approved'`;
  for await (const page of requests
    .listEntities({ queryOptions: { filter } })
    .byPage({ maxPageSize: 1000 })) {
    void page;
    pages++;
  }
  return { pages, ms: Number((performance.now() - started).toFixed(1)) };
}
