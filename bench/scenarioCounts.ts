import { performance } from 'node:perf_hooks';
import { APPROVER, REQUESTER, easyAuthHeaders } from '../dev/callers.js';
import { ManualClock } from '../dev/localBus/manualClock.js';
import { startLocalEnvironment } from '../dev/localEnvironment.js';
import { clearTables } from '../dev/azurite/clearTables.js';
import { EVENTS_TOPIC } from '../src/adapters/serviceBus/queueNames.js';
import { GRANT_LEDGER_TABLE, IDEMPOTENCY_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import type { Nudger } from '../src/core/ports.js';
import { countingLedger } from './countingLedger.js';
import { countingStore, type TableCounts } from './countingStore.js';
import { countHttpCalls } from './httpCallCounter.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

export interface ScenarioCounts {
  scenario: string;
  armReadsPlan: number;
  armReadsApply: number;
  /** PATCH, PUT and DELETE, refused ones included. */
  armWrites: number;
  minimum: Scenario['minimum'];
  /** Apply calls above the minimum (0 where it is met). */
  armCallsOverMinimum: number;
  tableWrites: number;
  tableReads: number;
  /** Every HTTP request to Table storage, whichever adapter made it (the index of active work too). */
  tableCalls: number;
  ledgerWrites: number;
  ledgerReads: number;
  limitTakes: number;
  executorRuns: number;
  nudges: number;
  events: number;
  medianMs: number;
}

/** The ARM calls of one run, one line each. */
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

/**
 * For each scenario, `repeats` times from a freshly seeded sandbox and empty tables, on a manual clock (retries
 * and polls cost no wall time): submit, approve, deliver everything. Counts are the same on every run.
 */
export async function measureScenarios(
  repeats: number,
  progress: (text: string) => void,
  logCalls = false,
): Promise<ScenarioCounts[]> {
  const clock = new ManualClock();
  const counts: TableCounts = { reads: 0, writes: 0 };
  const ledgerCounts: TableCounts = { reads: 0, writes: 0 };
  const http = countHttpCalls();
  let nudges = 0;
  const env = await startLocalEnvironment({
    clock,
    // Every run submits as one caller on a clock that barely moves: the per-caller limit would refuse it.
    submissionsPerCallerPerMinute: 10_000,
    wrapStore: (store) => countingStore(store, counts),
  });
  const tablePort = Number(new URL(env.azurite.tableEndpoint).port);
  env.services.ledger = countingLedger(env.services.ledger, ledgerCounts);
  let limitTakes = 0;
  const realCounter = env.services.submissions;
  env.services.submissions = { take: (caller, now) => (limitTakes++, realCounter.take(caller, now)) };
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

  const rows: ScenarioCounts[] = [];
  for (const scenario of SCENARIOS) {
    const samples: number[] = [];
    let last: ScenarioCounts | undefined;
    for (let i = 0; i < repeats; i++) {
      progress(`${scenario.name}: run ${i + 1}/${repeats}`);
      arm.reset();
      // The ledger must describe the ARM state just reset, as in the integration tests.
      await clearTables(env.azurite.connectionString, [
        REQUESTS_TABLE,
        IDEMPOTENCY_TABLE,
        GRANT_LEDGER_TABLE,
      ]);
      Object.assign(arm.options, scenario.arm ?? {});
      counts.reads = counts.writes = nudges = 0;
      ledgerCounts.reads = ledgerCounts.writes = limitTakes = 0;
      const tableCallsBefore = http.byPort.get(tablePort) ?? 0;
      const eventsBefore = env.bus.topicMessages(EVENTS_TOPIC).length;
      const started = performance.now();
      const submitted = await call('POST', '/api/identity-requests', REQUESTER, {
        target: scenario.target,
        operations: scenario.operations,
        justification: 'benchmark',
      });
      const planReads = arm.log.length;
      await call('POST', `/api/identity-requests/${submitted.id}/approve`, APPROVER, {});
      const deliveries = await env.bus.drain({ advance: (to) => clock.advanceTo(to) });
      samples.push(performance.now() - started);
      const applyReads = arm.log.filter((e) => e.method === 'GET').length - planReads;
      const writes = arm.log.filter((e) => e.method !== 'GET').length;
      last = {
        scenario: scenario.name,
        armReadsPlan: planReads,
        armReadsApply: applyReads,
        armWrites: writes,
        minimum: scenario.minimum,
        armCallsOverMinimum:
          Math.max(0, applyReads - scenario.minimum.reads) + Math.max(0, writes - scenario.minimum.writes),
        tableWrites: counts.writes,
        tableReads: counts.reads,
        tableCalls: (http.byPort.get(tablePort) ?? 0) - tableCallsBefore,
        ledgerWrites: ledgerCounts.writes,
        ledgerReads: ledgerCounts.reads,
        limitTakes,
        executorRuns: deliveries,
        nudges,
        events: env.bus.topicMessages(EVENTS_TOPIC).length - eventsBefore,
        medianMs: 0,
      };
      if (logCalls && i === 0) printCalls(scenario.name, arm.log);
      const final = await call('GET', `/api/identity-requests/${submitted.id}`, REQUESTER);
      if (final.state !== 'succeeded') throw new Error(`${scenario.name}: ended ${final.state}`);
    }
    samples.sort((a, b) => a - b);
    rows.push({
      ...(last as ScenarioCounts),
      medianMs: Number(samples[Math.floor(samples.length / 2)]?.toFixed(1)),
    });
  }
  await env.close();
  return rows;
}
