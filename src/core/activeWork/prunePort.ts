/** Removes a finished request's records for good: its rows and the idempotency keys that point at it. */
export interface RequestPruner {
  /** Everything of the request; already gone is success. */
  prune(requestId: string): Promise<void>;
}
