import type { IdentityRequest } from './identityRequest.js';
import { outboxOf } from './outboxEvent.js';
import type { NewEvent, StoredRequest } from './ports.js';

/**
 * What a store holds for a request right after `previous` was moved to `next` with `events` under `etag`:
 * what a read would return then. The outbox keeps what was unsent before and gains this change's news, in
 * order; rows already sent stay in it until the sweeper removes them, as a read would show them.
 */
export function committedRequest(
  previous: StoredRequest,
  next: IdentityRequest,
  events: readonly NewEvent[],
  etag: string,
): StoredRequest {
  const unpublished = [
    ...(previous.unpublished ?? []),
    ...outboxOf(previous.request.state, next, previous.request.version + 1, events),
  ];
  return unpublished.length ? { request: next, etag, unpublished } : { request: next, etag };
}
