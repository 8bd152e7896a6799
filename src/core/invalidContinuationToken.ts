/** A `continuationToken` this broker never gave out: the caller's mistake, answered 400, never a 500. */
export class InvalidContinuationToken extends Error {
  override readonly name = 'InvalidContinuationToken';
  readonly code = 'invalidContinuationToken';
  constructor() {
    super('is not a continuation token this API gave out');
  }
}
