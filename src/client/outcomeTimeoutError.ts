/** No terminal event with this correlation ID arrived in time: the request may still be waiting or running. */
export class OutcomeTimeoutError extends Error {
  readonly code = 'outcomeTimeout';
  constructor(
    readonly correlationId: string,
    readonly timeoutMs: number,
  ) {
    super(`no outcome for correlation ID ${correlationId} within ${timeoutMs} ms`);
    this.name = 'OutcomeTimeoutError';
  }
}
