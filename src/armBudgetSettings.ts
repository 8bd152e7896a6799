type Env = Record<string, string | undefined>;

/** ARM's write bucket per subscription and principal, as the broker paces its changes to it. */
export interface ArmBudgetSettings {
  capacity: number;
  refillPerSecond: number;
}

/** ARM's documented bucket for writes, and the same for deletes: 200, refilled at 10 a second. */
export const ARM_WRITE_BUCKET_DEFAULT: ArmBudgetSettings = { capacity: 200, refillPerSecond: 10 };

function positive(env: Env, name: string, fallback: number, max: number, problems: string[]): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value > 0 && value <= max)) {
    problems.push(`${name} must be a number above 0 and at most ${max}, not "${text}"`);
    return fallback;
  }
  return value;
}

/**
 * ARM_WRITE_PACING (`on`, the default, or `off`), ARM_WRITE_BUCKET and ARM_WRITE_REFILL_PER_SECOND: the bucket
 * the broker spreads its writes and deletes over, per subscription. Absent when pacing is off.
 */
export function readArmBudgetSettings(env: Env, problems: string[]): ArmBudgetSettings | undefined {
  const pacing = (env.ARM_WRITE_PACING ?? 'on').toLowerCase();
  if (pacing !== 'on' && pacing !== 'off')
    problems.push(`ARM_WRITE_PACING must be "on" or "off", not "${env.ARM_WRITE_PACING}"`);
  const capacity = positive(env, 'ARM_WRITE_BUCKET', ARM_WRITE_BUCKET_DEFAULT.capacity, 100_000, problems);
  if (!Number.isInteger(capacity))
    problems.push(`ARM_WRITE_BUCKET must be a whole number, not "${capacity}"`);
  const refillPerSecond = positive(
    env,
    'ARM_WRITE_REFILL_PER_SECOND',
    ARM_WRITE_BUCKET_DEFAULT.refillPerSecond,
    10_000,
    problems,
  );
  return pacing === 'off' ? undefined : { capacity, refillPerSecond };
}
