import { performance } from 'node:perf_hooks';
import { APPROVER, REQUESTER, easyAuthHeaders } from '../dev/callers.js';
import { ManualClock } from '../dev/localBus/manualClock.js';
import { startLocalEnvironment } from '../dev/localEnvironment.js';
import type { Nudger } from '../src/core/ports.js';
import { GRANT_LEDGER_TABLE, IDEMPOTENCY_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import { clearTables } from '../dev/azurite/clearTables.js';
import { countingLedger } from './countingLedger.js';
import { countingStore, type TableCounts } from './countingStore.js';
import { measureColdStart } from './coldStart.js';
import { SCENARIOS } from './scenarios.js';

/** The ARM calls of one run, one line each: what the issue asks to be reported per scenario. */
function printCalls(
  name: string,
  log: ReadonlyArray<{ method: string; path: string; status: number; errorCode?: string }>,
) {
  console.log(`\n${name}`);
  for (const e of log) {
    const tail = e.path.split('/providers/').slice(-1)[0];
    console.log(`  ${e.method.padEnd(6)} ${String(e.status)} ${e.errorCode ?? ''} .../${tail}`);
  }
}

const REPEATS = Number(process.env.BENCH_REPEATS ?? 20);

/**
 * For each scenario: ARM calls (reads and writes, from the sandbox log), table round trips and nudges per
 * request, from submission to the end, and the median wall time as a rough guide only.
 */
async function main(): Promise<void> {
  const clock = new ManualClock();
  const counts: TableCounts = { reads: 0, writes: 0 };
  const ledgerCounts: TableCounts = { reads: 0, writes: 0 };
  let nudges = 0;
  const env = await startLocalEnvironment({
    clock,
    // Every run submits as one caller on a clock that barely moves: the per-caller limit would refuse it.
    submissionsPerCallerPerMinute: 10_000,
    wrapStore: (store) => countingStore(store, counts),
  });
  env.services.ledger = countingLedger(env.services.ledger, ledgerCounts);
  // Each take of the per-caller limit is one read and one conditional write on the uncontended path.
  let counterTakes = 0;
  const realCounter = env.services.submissions;
  env.services.submissions = { take: (caller, now) => (counterTakes++, realCounter.take(caller, now)) };
  const realNudger = env.services.nudger;
  env.services.nudger = { nudge: (n, at) => (nudges++, realNudger.nudge(n, at)) } satisfies Nudger;
  const arm = env.sandboxes!.arm;
  const call = async (method: string, url: string, as: typeof REQUESTER, body?: unknown) => {
    const response = await env.host.http({
      method,
      url,
      headers: { ...easyAuthHeaders(as), 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return JSON.parse(response.body) as { id: string; state: string };
  };

  const rows = [];
  for (const scenario of SCENARIOS) {
    const samples = [];
    let last: Record<string, number> = {};
    for (let i = 0; i < REPEATS; i++) {
      arm.reset();
      // The ledger must describe the ARM state just reset, as in the integration tests.
      await clearTables(env.azurite.connectionString, [
        REQUESTS_TABLE,
        IDEMPOTENCY_TABLE,
        GRANT_LEDGER_TABLE,
      ]);
      Object.assign(arm.options, scenario.arm ?? {});
      counts.reads = counts.writes = nudges = 0;
      ledgerCounts.reads = ledgerCounts.writes = counterTakes = 0;
      const started = performance.now();
      const submitted = await call('POST', '/api/identity-requests', REQUESTER, {
        target: scenario.target,
        operations: scenario.operations,
        justification: 'benchmark',
      });
      const afterSubmit = { armReads: arm.log.length, tableWrites: counts.writes, tableReads: counts.reads };
      await call('POST', `/api/identity-requests/${submitted.id}/approve`, APPROVER, {});
      const deliveries = await env.bus.drain({ advance: (to) => clock.advanceTo(to) });
      samples.push(performance.now() - started);
      last = {
        'ARM reads (plan)': afterSubmit.armReads,
        'ARM reads (apply)': arm.log.filter((e) => e.method === 'GET').length - afterSubmit.armReads,
        'ARM writes': arm.log.filter((e) => e.method !== 'GET').length,
        'table writes': counts.writes,
        'table reads': counts.reads,
        'ledger writes': ledgerCounts.writes,
        'ledger reads': ledgerCounts.reads,
        'limit counter writes': counterTakes,
        'executor runs': deliveries,
        nudges,
      };
      if (process.env.BENCH_LOG && i === 0) printCalls(scenario.name, arm.log);
      const final = await call('GET', `/api/identity-requests/${submitted.id}`, REQUESTER);
      if (final.state !== 'succeeded') throw new Error(`${scenario.name}: ended ${final.state}`);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      scenario: scenario.name,
      ...last,
      'median ms': Number(samples[Math.floor(samples.length / 2)]?.toFixed(1)),
    });
  }
  await env.close();
  console.log(
    `\nPer request, from submission to its end (${REPEATS} runs each; counts are the same every run):`,
  );
  console.table(rows);
  console.log('\nCold start (fresh processes, median of 5):');
  console.table(await measureColdStart());
}

await main();
