/** One partition per request: a state row (RowKey '') and its events. */
export const REQUESTS_TABLE = 'IdentityRequests';
/** Insert-only rows mapping idempotency keys (header, message ID, delivery ID) to request IDs. */
export const IDEMPOTENCY_TABLE = 'IdentityRequestKeys';
/** One partition per role assignment the broker made or relies on: who holds it (the grant ledger). */
export const GRANT_LEDGER_TABLE = 'GrantLedger';
/** One row per HTTP caller: its submissions in the current minute (the per-caller limit). */
export const SUBMISSION_COUNTS_TABLE = 'SubmissionCounts';
/** Insert-only rows, one per notification sent (or given up): request, version, channel. */
export const NOTIFICATIONS_SENT_TABLE = 'NotificationsSent';
/** The index of active work: partitions `pending`, `due` and `finished`, read by partition queries only. */
export const ACTIVE_WORK_TABLE = 'ActiveWork';
