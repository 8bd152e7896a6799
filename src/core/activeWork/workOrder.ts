import { InvalidContinuationToken } from '../invalidContinuationToken.js';
import type { WorkEntry, WorkKind } from './activeWorkIndex.js';

/**
 * The order entries are kept in, within their kind: `pending` by request ID (newest first, as request IDs
 * sort), the others by time then request ID, so "due by T" is one range: every key below `T` + `}`
 * (`}` sorts after the `|` that ends the time).
 */
export const workRowKey = (entry: Pick<WorkEntry, 'kind' | 'requestId' | 'at'>): string =>
  entry.kind === 'pending' ? entry.requestId : `${entry.at}|${entry.requestId}`;

export const dueByBound = (until: string): string => `${until}}`;

// Request IDs are 24 hex digits; a token holds whatever key it was given out for, and nothing else.
const ID = '[0-9A-Za-z-]{1,64}';
const TIMED = new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\|${ID}$`);
const ROW_KEY: Record<WorkKind, RegExp> = { pending: new RegExp(`^${ID}$`), due: TIMED, finished: TIMED };

/** A page's token: the kind and the last key read, so the next page starts just past it. */
export const workToken = (kind: WorkKind, rowKey: string): string =>
  Buffer.from(`${kind}:${rowKey}`, 'utf8').toString('base64url');

/** The key a token continues after; a token of another kind, or none this index gave out, is refused. */
export function afterKey(kind: WorkKind, token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  const [tokenKind, rowKey = ''] = text.split(/:(.*)/s);
  if (tokenKind !== kind || !ROW_KEY[kind].test(rowKey)) throw new InvalidContinuationToken();
  return rowKey;
}
