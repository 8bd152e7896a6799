import type { IdentityRequest } from '../identityRequest.js';
import type { RequestQuery, RequestStore } from '../ports.js';
import { resourceIdKey } from '../resourceId.js';
import type { ActiveWorkIndex } from './activeWorkIndex.js';
import { rehome } from './rehome.js';
import type { SweepTiming } from './lookAt.js';

const matches = (r: IdentityRequest, query: RequestQuery): boolean =>
  r.state === 'awaitingApproval' &&
  (query.requestedBy === undefined || r.requestedBy.id.toLowerCase() === query.requestedBy.toLowerCase()) &&
  (query.target === undefined || resourceIdKey(r.target) === resourceIdKey(query.target)) &&
  (query.dueBy === undefined || (r.notBefore !== undefined && r.notBefore <= query.dueBy));

/**
 * Requests awaiting approval, newest first, read through the `pending` entries: one index query per page
 * and one read per entry, however many requests have finished. An entry whose request has moved on is
 * repaired where it is met (one read, then its new cover), so it costs nothing again.
 */
export async function listPending(
  store: RequestStore,
  index: ActiveWorkIndex,
  query: RequestQuery,
  timing: SweepTiming,
): Promise<{ items: IdentityRequest[]; continuationToken?: string }> {
  const items: IdentityRequest[] = [];
  let token = query.continuationToken;
  do {
    // Only what is still missing, so the token always points just past the last entry looked at.
    const page = await index.pending({
      limit: query.limit - items.length,
      ...(token ? { continuationToken: token } : {}),
    });
    const found = await Promise.all(page.items.map((entry) => store.get(entry.requestId)));
    for (const [i, entry] of page.items.entries()) {
      const stored = found[i];
      if (stored?.request.state === 'awaitingApproval') {
        if (matches(stored.request, query)) items.push(stored.request);
      } else
        await rehome(
          index,
          entry,
          stored && { request: stored.request, outbox: stored.unpublished ?? [] },
          timing,
        );
    }
    token = page.continuationToken;
  } while (token && items.length < query.limit);
  return token ? { items, continuationToken: token } : { items };
}
