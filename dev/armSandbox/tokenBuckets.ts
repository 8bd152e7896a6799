import type { ArmSandboxKnobs } from './types.js';

/**
 * ARM's operation types, each with a bucket of its own (the regional token-bucket limits since 2024):
 * reads are GET and HEAD, deletes DELETE, writes everything else.
 */
export type OperationType = 'reads' | 'writes' | 'deletes';

export const operationTypeOf = (method: string): OperationType =>
  method === 'GET' || method === 'HEAD' ? 'reads' : method === 'DELETE' ? 'deletes' : 'writes';

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** ARM's throttling: one token bucket per (subscription or tenant, caller, operation type); settings are read on every take. */
export interface TokenBuckets {
  take(key: string, type: OperationType): TakeResult;
  clear(): void;
}

const knobOf = { reads: 'readBucket', writes: 'writeBucket', deletes: 'deleteBucket' } as const;

/** `now` is the sandbox's clock: the tests' manual one, so a bucket refills as the broker's time passes. */
export function createTokenBuckets(options: ArmSandboxKnobs, now: () => number = Date.now): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, type) {
      const { capacity, refillPerSecond } = options[knobOf[type]];
      const t = now();
      const id = `${key}|${type}`;
      const bucket = buckets.get(id) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond);
      bucket.at = t;
      buckets.set(id, bucket);
      if (bucket.tokens < 1) {
        const wait = refillPerSecond > 0 ? (1 - bucket.tokens) / refillPerSecond : 60;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
      }
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    },
    clear() {
      buckets.clear();
    },
  };
}
