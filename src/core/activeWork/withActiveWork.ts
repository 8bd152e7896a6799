import { outboxOf } from '../outboxEvent.js';
import type { RequestStore } from '../ports.js';
import type { ActiveWorkIndex } from './activeWorkIndex.js';
import { coverEntry } from './coverEntry.js';
import { DEFAULT_SWEEP_TIMING, type SweepTiming } from './lookAt.js';
import { listPending } from './pendingList.js';

/**
 * The request store with its index of active work kept. Table transactions cannot span the request's
 * partition and the index, so the order is what keeps the cover invariant (`coverEntry`): an entry is
 * written *before* the create or commit that needs it. A change that then fails (a conflict, a crash)
 * leaves an entry with nothing behind it: stale, one read to repair, never a request with work and no
 * entry. Entries are never removed here: the readers that meet them do that after reading the request.
 */
export function withActiveWork(
  store: RequestStore,
  index: ActiveWorkIndex,
  timing: SweepTiming = DEFAULT_SWEEP_TIMING,
): RequestStore {
  return {
    get: (id) => store.get(id),
    history: (id) => store.history(id),
    findIdempotencyKey: (key) => store.findIdempotencyKey(key),
    claimIdempotencyKey: (key, claim) => store.claimIdempotencyKey(key, claim),
    markPublished: (id, sequences) => store.markPublished(id, sequences),
    listUnpublished: (query) => store.listUnpublished(query),
    // Waiting for approval is active work: read through the index. Other filters are history, read as before.
    list: (query) =>
      query.state === 'awaitingApproval' ? listPending(store, index, query, timing) : store.list(query),
    async create(request, events, options) {
      const entry = coverEntry(undefined, { request, outbox: outboxOf('new', request, 1, events) }, timing);
      if (entry) await index.put(entry);
      return store.create(request, events, options);
    },
    async commit(previous, next, events) {
      const before = { request: previous.request, outbox: previous.unpublished ?? [] };
      const written = outboxOf(previous.request.state, next, previous.request.version + 1, events);
      const entry = coverEntry(before, { request: next, outbox: [...before.outbox, ...written] }, timing);
      if (entry) await index.put(entry);
      return store.commit(previous, next, events);
    },
  };
}
