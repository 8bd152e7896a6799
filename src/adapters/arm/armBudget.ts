import type { ArmBudget, ArmChange } from '../../core/ports.js';

/** ARM's token bucket for one kind of change: how many it holds, and how fast it refills. */
export interface BucketShape {
  capacity: number;
  refillPerSecond: number;
}

/**
 * Whose bucket a path or ID draws on: its subscription, else the tenant's (management groups). ARM's
 * clients send IDs with a doubled leading slash, so any number of them is taken.
 */
export function budgetKeyOf(pathOrId: string): string {
  return /^\/*subscriptions\/([^/?#]+)/i.exec(pathOrId)?.[1]?.toLowerCase() ?? 'tenant';
}

/** What ARM answered to one change: what its bucket has left, and how long it said to wait (a 429). */
export interface ArmReading {
  remaining?: number;
  retryAfterMs?: number;
}

/** What the ARM clients' pipeline tells the view, and what the executor asks of it. */
export interface ArmBudgetView extends ArmBudget {
  /** ARM answered one change drawing on this bucket (`budgetKeyOf`), saying what it says. */
  answered(key: string, change: ArmChange, reading: ArmReading): void;
}

interface Bucket {
  /** When the bucket would be full again if nothing more were sent: GCRA's theoretical arrival time. */
  fullAt: number;
  /** Changes this instance was given a slot for that ARM has not answered yet. */
  pending: number;
}

/**
 * The broker's view of ARM's write and delete buckets, one per subscription. Each change taken moves the
 * time the bucket is full again one refill interval on; a change the bucket has no room for gets the next
 * free slot, and that slot is taken, so the changes that wait are spread one interval apart instead of all
 * coming back at once. ARM's reading on each answer is the truth about the bucket every instance shares
 * (they all call as one principal): the view starts again from it, counting on top only what this instance
 * was given slots for and ARM has not answered yet. So another instance's writes show in the next answer,
 * and nothing this instance promised is given away twice.
 */
export function createArmBudget(options: {
  write: BucketShape;
  delete: BucketShape;
  now: () => number;
}): ArmBudgetView {
  const buckets = new Map<string, Bucket>();
  const interval = (change: ArmChange) => 1000 / options[change].refillPerSecond;
  const bucketOf = (key: string, change: ArmChange, t: number) => {
    const k = `${key}|${change}`;
    let bucket = buckets.get(k);
    if (!bucket) buckets.set(k, (bucket = { fullAt: t, pending: 0 }));
    return bucket;
  };
  return {
    reserve(scope, change, now) {
      const t = now.getTime();
      const bucket = bucketOf(budgetKeyOf(scope), change, t);
      const full = Math.max(bucket.fullAt, t);
      // Room for one more means the bucket is short of full by at most capacity - 1 intervals.
      const slot = Math.max(t, Math.ceil(full - (options[change].capacity - 1) * interval(change)));
      bucket.fullAt = full + interval(change);
      bucket.pending += 1;
      return new Date(slot);
    },
    answered(key, change, { remaining, retryAfterMs }) {
      const t = options.now();
      const bucket = bucketOf(key, change, t);
      bucket.pending = Math.max(0, bucket.pending - 1);
      const { capacity } = options[change];
      if (remaining !== undefined && Number.isFinite(remaining) && remaining >= 0)
        bucket.fullAt = t + Math.max(0, capacity - remaining + bucket.pending) * interval(change);
      // Refused: the first token is back after Retry-After, and what was promised follows it.
      if (retryAfterMs !== undefined)
        bucket.fullAt = Math.max(
          bucket.fullAt,
          t + retryAfterMs + (capacity - 1 + bucket.pending) * interval(change),
        );
    },
  };
}
