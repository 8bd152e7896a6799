/** How long and how often the executor retries; persisted `notBefore` carries each wait. */
export interface RetrySettings {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Transient failures (429, 5xx, AnotherOperationInProgress) before the request fails. */
  maxAttempts: number;
  /** How long a new principal may take to replicate before PrincipalNotFound is final. */
  replicationWindowMs: number;
  /** Between looks at a long-running ARM operation that gave no Retry-After. */
  pollIntervalMs: number;
  /** Unexpected failures (bugs, unclassified errors) of one step before the request fails; default 5. */
  maxUnexpectedAttempts?: number;
}

export const DEFAULT_MAX_UNEXPECTED_ATTEMPTS = 5;

export const DEFAULT_RETRY: RetrySettings = {
  baseDelayMs: 5_000,
  maxDelayMs: 300_000,
  maxAttempts: 8,
  replicationWindowMs: 10 * 60_000,
  pollIntervalMs: 10_000,
  maxUnexpectedAttempts: DEFAULT_MAX_UNEXPECTED_ATTEMPTS,
};

/** Exponential: base, 2×base, 4×base ... capped. */
export const backoffMs = (attempt: number, settings: RetrySettings): number =>
  Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt - 1));
