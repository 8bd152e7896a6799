import type { RequestEventBody } from '../outboxEvent.js';

/**
 * How a channel that is still failing after one delivery's attempts is tried again: a retry of its own,
 * scheduled on a queue, each later than the one before. Nothing holds a lock while it waits, and the
 * event's own subscription is not redelivered, so its delivery count is not spent in seconds.
 */
export interface RedeliveryBackoff {
  /** Delay before the first retry; each retry after it doubles, up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Retries after the first delivery; past the last, the channel is given up for this event. */
  retries: number;
}

/** 30 s, 1, 2, 4, 8 min, then 15 min thrice: eight retries over about an hour (3,630 s). */
export const DEFAULT_REDELIVERY_BACKOFF: RedeliveryBackoff = {
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  retries: 8,
};

/** The wait before retry `n` (1-based). */
export const delayBeforeRetry = (backoff: RedeliveryBackoff, n: number): number =>
  Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** (n - 1));

/** One channel's next try at one event: what the retry queue's message carries. */
export interface NoticeRetry {
  /** The event's `messageId`, `<request ID>-<version>`. */
  eventId: string;
  event: RequestEventBody;
  channel: string;
  /** 1 for the first retry after the event's own delivery. */
  retry: number;
}

/** Puts a retry on the queue for its time. Scheduling one twice is harmless: the sent marks hold. */
export interface NoticeRetryScheduler {
  schedule(retry: NoticeRetry, at: Date): Promise<void>;
}
