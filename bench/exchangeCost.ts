import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ArmSandboxKnobs } from '../dev/armSandbox/types.js';
import { type Child, type CpuReply, startChild } from './load/childProcess.js';
import type { ProbeRun } from './load/exchangeProcess.js';

/** The exchanges measured, in the order each round runs them: Table storage's (on Azurite), then ARM's (the sandbox). */
export const EXCHANGES = {
  bareTableGet: 'bare node:http keep-alive GET of one entity (SharedKeyLite), the floor',
  getEntity: 'TableClient.getEntity',
  updateEntity: 'TableClient.updateEntity, Replace with If-Match',
  partitionQuery: "TableClient.listEntities: the store's get() (state row and 2 outbox rows)",
  transaction1: 'TableClient.submitTransaction, 1 action',
  transaction4:
    "TableClient.submitTransaction, 4 actions (the size of the store's commits: 3 to 4; its create has 5, 6 with a key)",
  transaction8: 'TableClient.submitTransaction, 8 actions',
  bareArmGet: 'bare node:https keep-alive GET of an Automation account, the floor',
  gatewayRead: "the broker's ARM gateway: read an account's identity",
  gatewayPatch: "the broker's ARM gateway: PATCH an account's identity",
} as const;

export type Exchange = keyof typeof EXCHANGES;

export interface ExchangeRow {
  exchange: Exchange;
  /** CPU of the measuring process (user + system) per call: the client's side of the exchange. */
  cpuMsPerCall: number;
  callsPerSecond: number;
  /** CPU of the server (Azurite or the ARM sandbox) per call, in its own process. */
  serverCpuMsPerCall: number;
}

export interface ExchangeCost {
  /** Warm-up calls of each exchange before any is measured. */
  warmupCalls: number;
  /** Measured calls of each exchange. */
  calls: number;
  /** Rounds the warm-up and the measured calls are spread over, every exchange in each. */
  rounds: number;
  /** Calls in flight at once, each caller's in sequence. */
  concurrency: number;
  /** The 1-minute load average when the section started and ended: other work on the machine. */
  loadAverage: string;
  /** Wall time of the whole section, processes started and stopped included. */
  seconds: number;
  rows: ExchangeRow[];
}

const AZURITE_SCRIPT = new URL('./load/azuriteProcess.js', import.meta.url);
const ARM_SCRIPT = new URL('./load/armProcess.js', import.meta.url);
const EXCHANGE_SCRIPT = new URL('./load/exchangeProcess.js', import.meta.url);
const EXCHANGE_NAMES = Object.keys(EXCHANGES) as Exchange[];

/** An answer from `child`, or the child's death: a probe that throws kills its process. */
const askOf = (child: Child) => {
  const died = new Promise<never>((_, reject) =>
    child.process.once('exit', (code) => reject(new Error(`the measuring process exited with ${code}`))),
  );
  died.catch(() => {});
  return <T>(command: Record<string, unknown>) => Promise.race([child.ask<T>(command), died]);
};

const isArm = (exchange: Exchange) => exchange === 'bareArmGet' || exchange.startsWith('gateway');

/**
 * What one exchange of each kind costs on this machine, measured in a process doing nothing else, against
 * Azurite and the ARM sandbox in processes of their own. `warmupCalls` of each first (V8 optimises the SDKs
 * only after some thousands of calls through them, as a long-running host has made), then `calls` of each
 * measured. Both are spread over `rounds` with every exchange in each, so other work on the machine falls on
 * all of them alike.
 */
export async function measureExchangeCost(options: {
  warmupCalls: number;
  calls: number;
  rounds: number;
  concurrency: number;
  progress(line: string): void;
}): Promise<ExchangeCost> {
  const { warmupCalls, calls, rounds, concurrency, progress } = options;
  const startedLoad = loadavg()[0]?.toFixed(1);
  const started = performance.now();
  const azurite = startChild(AZURITE_SCRIPT);
  const arm = startChild(ARM_SCRIPT, { BENCH_TARGETS: String(concurrency) });
  const [a, s] = await Promise.all([azurite.ready, arm.ready]);
  const lifted = { capacity: 1e9, refillPerSecond: 1e9 };
  const knobs: Partial<ArmSandboxKnobs> = {
    readLatencyMs: 0,
    writeLatencyMs: 0,
    readBucket: lifted,
    writeBucket: lifted,
    deleteBucket: lifted,
  };
  await arm.ask({ op: 'reset', knobs });
  const measuring = startChild(EXCHANGE_SCRIPT, {
    ...(s.env as Record<string, string>),
    BENCH_STORAGE: a.connectionString as string,
    BENCH_ARM_CA: s.ca as string,
    BENCH_ARM_TOKEN: await arm.ask<string>({ op: 'token' }),
    BENCH_EXCHANGE_WORKERS: String(concurrency),
  });
  const ask = askOf(measuring);
  const sums = new Map(EXCHANGE_NAMES.map((e) => [e, { calls: 0, cpuMs: 0, seconds: 0, serverCpuMs: 0 }]));
  try {
    await measuring.ready; // rejects if the process exits first
    for (let round = 0; round < rounds; round++) {
      progress(`exchange cost: warm-up round ${round + 1}/${rounds}`);
      for (const exchange of EXCHANGE_NAMES)
        await ask<ProbeRun>({ op: 'run', probe: exchange, calls: Math.ceil(warmupCalls / rounds) });
    }
    for (let round = 0; round < rounds; round++) {
      progress(`exchange cost: measured round ${round + 1}/${rounds}`);
      for (const exchange of EXCHANGE_NAMES) {
        const server = isArm(exchange) ? arm : azurite;
        const before = await server.ask<CpuReply>({ op: 'cpu' });
        const run = await ask<ProbeRun>({ op: 'run', probe: exchange, calls: Math.ceil(calls / rounds) });
        const after = await server.ask<CpuReply>({ op: 'cpu' });
        const sum = sums.get(exchange) as {
          calls: number;
          cpuMs: number;
          seconds: number;
          serverCpuMs: number;
        };
        sum.calls += run.calls;
        sum.cpuMs += run.cpuMs;
        sum.seconds += run.seconds;
        sum.serverCpuMs += after.cpuMs - before.cpuMs;
      }
    }
  } finally {
    await measuring.stop();
    await Promise.all([azurite.stop(), arm.stop()]);
  }
  const rows = [...sums].map(([exchange, sum]): ExchangeRow => ({
    exchange,
    cpuMsPerCall: Number((sum.cpuMs / sum.calls).toFixed(3)),
    callsPerSecond: Number((sum.calls / sum.seconds).toFixed(1)),
    serverCpuMsPerCall: Number((sum.serverCpuMs / sum.calls).toFixed(3)),
  }));
  const loadAverage = `${startedLoad} at the start and ${loadavg()[0]?.toFixed(1)} at the end`;
  const seconds = Math.round((performance.now() - started) / 1000);
  return { warmupCalls, calls, rounds, concurrency, loadAverage, seconds, rows };
}
