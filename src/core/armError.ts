/** How the broker should react to an ARM failure. */
export type ArmRetry = 'never' | 'transient' | 'replicationDelay';

/** An ARM call that failed, classified once by the ARM adapter on ARM's `error.code`, never its text. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retry: ArmRetry,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
