import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import type { TestBroker } from '../support/testBroker.js';
import { BURST_BUCKET, runWriteBurst, startBurstBroker } from '../support/writeBurst.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBurstBroker('on');
});
afterAll(() => broker.close());

const COUNT = 120;

describe("pacing writes to ARM's budget", () => {
  it(`runs ${COUNT} role grants in one subscription at ARM's refill rate, without a single 429`, async () => {
    const { finals, start } = await runWriteBurst(broker, COUNT);
    expect(finals.filter((f) => f.state !== 'succeeded').map((f) => f.error)).toEqual([]);
    const puts = broker.armCalls((e) => e.method === 'PUT');
    expect(broker.armCalls((e) => e.status === 429)).toEqual([]);
    expect(puts).toHaveLength(COUNT); // each grant one PUT: none refused, none sent twice
    // Waits were slots, taken once: a deferred grant is deferred once and then runs.
    const deferrals = finals.flatMap((f) =>
      f.history.filter((e: { type: string }) => e.type === 'stepDeferred'),
    );
    expect(deferrals).toHaveLength(COUNT - BURST_BUCKET.capacity);
    // At ARM's budget, not below it: the bucket's worth at once, then one every refill interval.
    const ends = finals.map((f) => Date.parse(f.updatedAt));
    const seconds = (Math.max(...ends) - start) / 1000;
    expect(seconds).toBe((COUNT - BURST_BUCKET.capacity) / BURST_BUCKET.refillPerSecond);
    await expectLedgerMatchesArm(broker);
  }, 300_000);
});
