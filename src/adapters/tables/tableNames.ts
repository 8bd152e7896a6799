/** One partition per request: a state row (RowKey '') and its events. */
export const REQUESTS_TABLE = 'IdentityRequests';
/** Insert-only rows mapping idempotency keys (header, message ID, delivery ID) to request IDs. */
export const IDEMPOTENCY_TABLE = 'IdentityRequestKeys';
