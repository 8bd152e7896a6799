import type { Exchange, ExchangeRow } from './exchangeCost.js';
import type { LevelResult } from './load/loadRun.js';
import type { ScenarioCounts } from './scenarioCounts.js';

/** The HTTP exchanges of one load request, as the benchmark counts them. */
export interface RequestMix {
  /** Submit and approve: the load driver's two calls to the broker. */
  inbound: number;
  /** Every call to Table storage, on the wire. */
  tableCalls: number;
  /** Of them, entity-group transactions: the request store's create and each commit with events. */
  transactions: number;
  armReads: number;
  armWrites: number;
}

const INBOUND_PER_REQUEST = 2;
const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

/**
 * The mix of the zero-latency load levels (the ones the CPU target is measured at); the transactions are the
 * one-step scenarios' request-store writes, each one transaction. Undefined where either was not measured.
 */
export function requestMix(scenarios: ScenarioCounts[], load: LevelResult[]): RequestMix | undefined {
  const zero = load.filter((l) => l.armLatencyMs === 0);
  const oneStep = scenarios.filter((s) => s.executorRuns === 1);
  if (zero.length === 0 || oneStep.length === 0) return undefined;
  return {
    inbound: INBOUND_PER_REQUEST,
    tableCalls: mean(zero.map((l) => l.tableCallsPerRequest)),
    transactions: Math.max(...oneStep.map((s) => s.tableWrites)),
    armReads: mean(zero.map((l) => l.armReadsPerRequest)),
    armWrites: mean(zero.map((l) => l.armWritesPerRequest)),
  };
}

/**
 * What the mix's exchanges alone cost the broker's CPU. At SDK prices: transactions at the 4-action price (
 * a one-step request's are 3 to 6 actions, 4.25 on average: the create 5 or 6, the commits 3, 4 and 4), the other table calls at the mean of a point read, a
 * conditional update and a partition query, ARM calls at the gateway's, the inbound ones (served by node:http,
 * no SDK) at the bare price. At the floor: every exchange at the bare price of its protocol. `rawMs` is the raw
 * ARM work's client: the same ARM calls, bare, and nothing else.
 */
export function expectedBrokerCpu(
  mix: RequestMix,
  rows: ExchangeRow[],
): { exchanges: number; sdkMs: number; floorMs: number; rawMs: number } {
  const price = (exchange: Exchange) => {
    const row = rows.find((r) => r.exchange === exchange);
    if (!row) throw new Error(`no price measured for ${exchange}`);
    return row.cpuMsPerCall;
  };
  const single = mean([price('getEntity'), price('updateEntity'), price('partitionQuery')]);
  const sdkMs =
    mix.inbound * price('bareTableGet') +
    mix.transactions * price('transaction4') +
    (mix.tableCalls - mix.transactions) * single +
    mix.armReads * price('gatewayRead') +
    mix.armWrites * price('gatewayPatch');
  const rawMs = (mix.armReads + mix.armWrites) * price('bareArmGet');
  const floorMs = (mix.inbound + mix.tableCalls) * price('bareTableGet') + rawMs;
  return { exchanges: mix.inbound + mix.tableCalls + mix.armReads + mix.armWrites, sdkMs, floorMs, rawMs };
}
