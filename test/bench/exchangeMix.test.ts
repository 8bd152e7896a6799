import { describe, expect, it } from 'vitest';
import type { ExchangeRow } from '../../bench/exchangeCost.js';
import { expectedBrokerCpu, requestMix } from '../../bench/exchangeMix.js';
import type { LevelResult } from '../../bench/load/loadRun.js';
import type { ScenarioCounts } from '../../bench/scenarioCounts.js';

const prices: Record<ExchangeRow['exchange'], number> = {
  bareTableGet: 0.5,
  getEntity: 0.6,
  updateEntity: 0.8,
  partitionQuery: 1,
  transaction1: 1.5,
  transaction4: 3,
  transaction8: 5,
  bareArmGet: 0.4,
  gatewayRead: 0.9,
  gatewayPatch: 2,
};
const rows: ExchangeRow[] = Object.entries(prices).map(([exchange, cpuMsPerCall]) => ({
  exchange: exchange as ExchangeRow['exchange'],
  cpuMsPerCall,
  callsPerSecond: 100,
  serverCpuMsPerCall: 1,
}));

const level = (armLatencyMs: number, tableCalls: number, reads: number, cpu: number) =>
  ({
    armLatencyMs,
    tableCallsPerRequest: tableCalls,
    armReadsPerRequest: reads,
    armWritesPerRequest: 1,
    brokerCpuMsPerRequest: cpu,
  }) as LevelResult;
const scenario = (executorRuns: number, tableWrites: number) =>
  ({ executorRuns, tableWrites }) as ScenarioCounts;

describe("the broker's exchange mix at measured prices", () => {
  it("takes a request's calls from the zero-latency load levels and its transactions from the one-step scenarios", () => {
    const mix = requestMix(
      [scenario(1, 4), scenario(1, 3), scenario(4, 7)],
      [level(0, 12, 2, 30), level(0, 12, 2, 34), level(200, 20, 5, 40)],
    );
    expect(mix).toEqual({ inbound: 2, tableCalls: 12, transactions: 4, armReads: 2, armWrites: 1 });
  });

  it('prices transactions at the 4-action price, other table calls at the mean single-entity price, ARM at the gateway', () => {
    const mix = { inbound: 2, tableCalls: 12, transactions: 4, armReads: 2, armWrites: 1 };
    const expected = expectedBrokerCpu(mix, rows);
    // 2 inbound at the bare price, 4 transactions, 8 single calls at (0.6 + 0.8 + 1) / 3, 2 reads and 1 PATCH.
    expect(expected.sdkMs).toBeCloseTo(2 * 0.5 + 4 * 3 + 8 * 0.8 + 2 * 0.9 + 2, 9);
    // Every exchange at the bare price of its protocol: 14 over node:http, 3 over node:https.
    expect(expected.floorMs).toBeCloseTo(14 * 0.5 + 3 * 0.4, 9);
    // The raw ARM work: the same 3 ARM calls, bare, and nothing else.
    expect(expected.rawMs).toBeCloseTo(3 * 0.4, 9);
    expect(expected.exchanges).toBe(17);
  });

  it('has no mix without a zero-latency level or a one-step scenario', () => {
    expect(requestMix([scenario(1, 4)], [level(200, 12, 2, 30)])).toBeUndefined();
    expect(requestMix([scenario(4, 7)], [level(0, 12, 2, 30)])).toBeUndefined();
  });
});
