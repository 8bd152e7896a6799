import type { ArmSandboxKnobs } from './types.js';

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/** ARM's write throttling: one token bucket per (subscription, caller); settings are read on every take. */
export interface TokenBuckets {
  take(key: string): TakeResult;
  clear(): void;
}

export function createTokenBuckets(options: ArmSandboxKnobs, now: () => number = Date.now): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const { capacity, refillPerSecond } = options.writeBucket;
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond);
      bucket.at = t;
      buckets.set(key, bucket);
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
