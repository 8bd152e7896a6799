import { describe, expect, it } from 'vitest';
import { readArmBudgetSettings } from '../src/armBudgetSettings.js';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readArmBudgetSettings(env, problems), problems };
};

describe('ARM write pacing settings', () => {
  it("paces to ARM's documented write bucket unless told otherwise", () => {
    expect(read({})).toEqual({ settings: { capacity: 200, refillPerSecond: 10 }, problems: [] });
  });

  it('takes the bucket and refill rate from the settings', () => {
    expect(read({ ARM_WRITE_BUCKET: '20', ARM_WRITE_REFILL_PER_SECOND: '2.5' }).settings).toEqual({
      capacity: 20,
      refillPerSecond: 2.5,
    });
  });

  it('turns pacing off when asked', () => {
    expect(read({ ARM_WRITE_PACING: 'OFF' })).toEqual({ settings: undefined, problems: [] });
  });

  it('names every setting that is wrong', () => {
    expect(
      read({ ARM_WRITE_PACING: 'sometimes', ARM_WRITE_BUCKET: '2.5', ARM_WRITE_REFILL_PER_SECOND: '0' })
        .problems,
    ).toEqual([
      'ARM_WRITE_PACING must be "on" or "off", not "sometimes"',
      'ARM_WRITE_BUCKET must be a whole number, not "2.5"',
      'ARM_WRITE_REFILL_PER_SECOND must be a number above 0 and at most 10000, not "0"',
    ]);
  });
});
