import { startChild } from './load/childProcess.js';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureColdStart } from './coldStart.js';
import { measureExchangeCost } from './exchangeCost.js';
import { expectedBrokerCpu, requestMix } from './exchangeMix.js';
import { type LevelResult, type LoadLevel, runLevel, startLoadProcesses } from './load/loadRun.js';
import { type ActiveWorkRow, type BenchResults, latencyChart, renderReport } from './report.js';
import { measureScenarios } from './scenarioCounts.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
/** Multiplies the requests of every load level: 0.25 for a quick look, 1 for the figures in docs/. */
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** Requests before the measured levels: V8 optimises the SDKs' hot paths only after some thousands of calls. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 400);
const TARGETS = 200;
/**
 * Which parts to measure (comma-separated: scenarios, load, exchangeCost, activeWork, coldStart; default all). The
 * others are taken from the last run's dist/bench/results.json, so one part can be measured again alone.
 */
const SECTIONS = new Set(
  (process.env.BENCH_SECTIONS ?? 'scenarios,load,exchangeCost,activeWork,coldStart').split(','),
);
const RESULTS = `${root}/dist/bench/results.json`;
/** Calls of each single exchange before and while measuring it, spread over rounds that take every exchange. */
const EXCHANGE = {
  warmupCalls: Number(process.env.BENCH_EXCHANGE_WARMUP ?? 1000),
  calls: Number(process.env.BENCH_EXCHANGE_CALLS ?? 1000),
  rounds: 5,
  concurrency: 1,
};
const requests = (n: number) => Math.max(10, Math.round(n * SCALE));

/** Zero ARM latency with ARM's buckets lifted (the broker's own cost), then 200 ms with ARM's budget, 200 targets. */
const LEVELS: LoadLevel[] = [
  { armLatencyMs: 0, concurrency: 1, requests: requests(60), budget: 'lifted' },
  { armLatencyMs: 0, concurrency: 4, requests: requests(120), budget: 'lifted' },
  { armLatencyMs: 0, concurrency: 16, requests: requests(160), budget: 'lifted' },
  { armLatencyMs: 0, concurrency: 64, requests: requests(256), budget: 'lifted' },
  { armLatencyMs: 200, concurrency: 20, requests: requests(200), budget: 'arm' },
  { armLatencyMs: 200, concurrency: 50, requests: requests(200), budget: 'arm' },
  { armLatencyMs: 200, concurrency: 200, requests: requests(200), budget: 'arm' },
];

/** Progress on one line where the output is a terminal, one line per step otherwise. */
const progress = (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
  else if (!text.includes('/')) process.stderr.write(`${text}\n`);
};
const step = (text: string) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${text}\n`);

async function measureLoad(): Promise<LevelResult[]> {
  const processes = await startLoadProcesses({
    targets: TARGETS,
    ...(process.env.BENCH_PROFILE ? { profileDir: process.env.BENCH_PROFILE } : {}),
  });
  const results: LevelResult[] = [];
  try {
    // Not measured: the first requests load the ARM SDKs and warm the JIT, which a long-running host pays once.
    await runLevel(
      processes,
      { armLatencyMs: 0, concurrency: 4, requests: WARMUP, budget: 'lifted' },
      TARGETS,
      (t) => progress(`warm-up: ${t}`),
    );
    for (const level of LEVELS) {
      const name = `load: ${level.armLatencyMs} ms ARM latency, ${level.concurrency} clients, ${level.requests} requests`;
      const result = await runLevel(processes, level, TARGETS, (text) => progress(`${name}: ${text}`));
      step(
        `${name}: broker ${result.broker.perSecond.toFixed(1)}/s, raw ${result.raw.perSecond.toFixed(1)}/s ` +
          `(ratio ${result.ratio.toFixed(3)}), median ${result.broker.medianMs.toFixed(0)} ms, ` +
          `broker CPU ${result.brokerCpuMsPerRequest} ms/request`,
      );
      results.push(result);
    }
  } finally {
    await processes.stop();
  }
  return results;
}

/** The sweeper and the pending list against history (bench/activeWorkScale.ts), in a process of its own. */
async function measureActiveWork(): Promise<BenchResults['activeWork']> {
  const sizes = (process.env.BENCH_HISTORY_SIZES ?? '1000,10000,100000').split(',').map(Number);
  const child = startChild(new URL('./activeWorkProcess.js', import.meta.url));
  try {
    child.onNotice((notice) => {
      if (typeof notice.progress === 'string') step(notice.progress);
    });
    await child.ready;
    const exited = new Promise<never>((_, reject) =>
      child.process.once('exit', (code) => reject(new Error(`its process exited with ${code}`))),
    );
    const answer = await Promise.race([
      child.ask<{ rows?: ActiveWorkRow[]; error?: string }>({ op: 'measure', sizes }),
      exited,
    ]);
    if (!answer.rows) throw new Error(answer.error ?? 'it answered nothing');
    return { rows: answer.rows, source: 'bench/activeWorkScale.ts' };
  } catch (e) {
    return {
      rows: [],
      source: 'bench/activeWorkScale.ts',
      missing: `It did not run: ${(e as Error).message}`,
    };
  } finally {
    await child.stop();
  }
}

function previous(): Partial<BenchResults> {
  try {
    return JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
  } catch {
    return {};
  }
}

/** A part measured now, or the last run's where it is not asked for (and was measured then). */
async function part<T>(name: string, last: T | undefined, measure: () => Promise<T>): Promise<T> {
  if (SECTIONS.has(name) || last === undefined) return measure();
  step(`${name}: the last run's figures (dist/bench/results.json)`);
  return last;
}

async function main(): Promise<void> {
  const last = previous();
  const startedLoad = loadavg()[0]?.toFixed(1);
  const scenarios = await part('scenarios', last.scenarios, () => {
    step(`per scenario, ${REPEATS} runs each`);
    return measureScenarios(REPEATS, progress, Boolean(process.env.BENCH_LOG));
  });
  console.table(
    scenarios.map(({ minimum, ...s }) => ({ ...s, minimum: `${minimum.reads}+${minimum.writes}` })),
  );
  const load = await part('load', last.load, measureLoad);
  const endedLoad = loadavg()[0]?.toFixed(1);
  const loadAverage = SECTIONS.has('load')
    ? `${startedLoad} at the start and ${endedLoad} at the end`
    : (last.machine?.loadAverage ?? 'not recorded');
  console.table(
    load.map((l) => ({
      latency: l.armLatencyMs,
      clients: l.concurrency,
      'broker/s': Number(l.broker.perSecond.toFixed(1)),
      'raw/s': Number(l.raw.perSecond.toFixed(1)),
      ratio: Number(l.ratio.toFixed(3)),
      'median ms': Math.round(l.broker.medianMs),
      'p99 ms': Math.round(l.broker.p99Ms),
      'CPU ms/req': l.brokerCpuMsPerRequest,
      'table calls/req': l.tableCallsPerRequest,
      'ARM refused': `${l.armRefused}/${l.rawRefused}`,
    })),
  );
  const exchangeCost = await part('exchangeCost', last.exchangeCost, () => {
    step(
      `exchange cost: ${EXCHANGE.warmupCalls} warm-up and ${EXCHANGE.calls} measured calls of each exchange`,
    );
    return measureExchangeCost({ ...EXCHANGE, progress });
  });
  console.table(exchangeCost.rows);
  const mix = requestMix(scenarios, load);
  if (mix) {
    const expected = expectedBrokerCpu(mix, exchangeCost.rows);
    step(
      `expected broker CPU per request from its exchanges: ${expected.sdkMs.toFixed(1)} ms at SDK prices, ` +
        `${expected.floorMs.toFixed(1)} ms at the floor; measured ` +
        `${load
          .filter((l) => l.armLatencyMs === 0)
          .map((l) => l.brokerCpuMsPerRequest)
          .join(', ')} ms at zero ARM latency`,
    );
  }
  const activeWork = await part('activeWork', last.activeWork, measureActiveWork);
  if (activeWork.rows.length) console.table(activeWork.rows);
  const coldStart = await part('coldStart', last.coldStart, () => {
    step('cold start (fresh processes, median of 5)');
    return measureColdStart();
  });
  console.table(coldStart);

  const results: BenchResults = {
    machine: {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      command: 'npm run bench',
      nproc: Number(execFileSync('nproc').toString().trim()),
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      loadAverage,
    },
    scenarios,
    load,
    exchangeCost,
    activeWork,
    coldStart,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  if (process.env.BENCH_NO_DOCS) return;
  const svg = 'benchmarks-latency.svg';
  writeFileSync(`${root}/docs/${svg}`, latencyChart(load));
  const notes = readFileSync(`${root}/bench/benchmarkNotes.md`, 'utf8');
  writeFileSync(`${root}/docs/benchmarks.md`, `${renderReport(results, svg)}\n${notes}`);
  step('wrote docs/benchmarks.md, docs/benchmarks-latency.svg and dist/bench/results.json');
}

await main();
