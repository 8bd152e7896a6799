import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBroker } from '../support/testBroker.js';
import { BURST_BUCKET, runWriteBurst, startBurstBroker } from '../support/writeBurst.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startBurstBroker('off');
});
afterAll(() => broker.close());

const COUNT = 60;

// What armBudget.test.ts is measured against: the same burst with ARM_WRITE_PACING=off.
describe('the same burst without pacing', () => {
  it('meets a storm of 429s: every write beyond the bucket is refused at least once', async () => {
    await runWriteBurst(broker, COUNT);
    const throttled = broker.armCalls((e) => e.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(COUNT - BURST_BUCKET.capacity);
    expect(new Set(throttled.map((e) => e.method))).toEqual(new Set(['PUT']));
  }, 300_000);
});
