/** The HTTP status of a failed table call; single-entity errors carry it, transactions too. */
export const statusOf = (e: unknown): number | undefined =>
  typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number'
    ? e.statusCode
    : undefined;

/** 409 (the row exists: create-fenced) or 412 (the ETag moved on). */
export const isWriteConflict = (e: unknown): boolean => statusOf(e) === 409 || statusOf(e) === 412;
