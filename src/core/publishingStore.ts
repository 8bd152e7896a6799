import { outboxOf, type OutboxEvent } from './outboxEvent.js';
import type { EventPublisher, RequestStore } from './ports.js';

/**
 * Sends a request's outbox, oldest first, then removes what was sent: the sweeper's way, off the request
 * path. A failure leaves the rows for the next pass: an event may go out twice (same `messageId`), never
 * out of order, never not.
 */
export async function publishOutbox(
  store: RequestStore,
  publisher: EventPublisher,
  requestId: string,
  outbox: OutboxEvent[],
): Promise<void> {
  if (outbox.length === 0) return;
  await publisher.publish(outbox);
  await store.markPublished(
    requestId,
    outbox.map((e) => e.sequence),
  );
}

/**
 * The one place events are published: after every create and commit that wrote outbox rows, in the
 * invocation that committed. Outbox invariant: the store writes those rows in the change's own
 * transaction (docs/storage.md), so a crash here loses nothing; a failed publish never fails the
 * request, it is only reported. The rows are not removed here: that would be a second table write for
 * every change. The sweeper removes them once they are older than its grace (republishing them first,
 * within the topic's duplicate-detection window, so Service Bus drops that second copy).
 */
/** How many sent event IDs one instance remembers, so its memory stays bounded however long it runs. */
const SENT_REMEMBERED = 10_000;

export function withPublishing(
  store: RequestStore,
  publisher: EventPublisher,
  onFailure: (requestId: string, error: unknown) => void = () => {},
): RequestStore {
  // The rows stay in the outbox after they are sent, so each commit reads them back as `unpublished`;
  // sending them again with every later change sent a request's n-th event n times. What this instance
  // has sent is remembered (bounded): skipping it keeps the order (it went out before), and another
  // instance, or this one after a restart, sends it again at worst, which duplicate detection drops.
  const sent = new Set<string>();
  const publish = async (requestId: string, outbox: OutboxEvent[]) => {
    const unsent = outbox.filter((e) => !sent.has(e.messageId));
    if (unsent.length === 0) return;
    try {
      await publisher.publish(unsent);
      for (const e of unsent) sent.add(e.messageId);
      // The oldest go first: by then their requests have long moved on.
      for (const id of sent) {
        if (sent.size <= SENT_REMEMBERED) break;
        sent.delete(id);
      }
    } catch (e) {
      onFailure(requestId, e);
    }
  };
  return {
    get: (id) => store.get(id),
    history: (id) => store.history(id),
    list: (query) => store.list(query),
    findIdempotencyKey: (key) => store.findIdempotencyKey(key),
    claimIdempotencyKey: (key, claim) => store.claimIdempotencyKey(key, claim),
    markPublished: (id, sequences) => store.markPublished(id, sequences),
    listUnpublished: (query) => store.listUnpublished(query),
    async create(request, events, options) {
      const created = await store.create(request, events, options);
      if (created === 'created') await publish(request.id, outboxOf('new', request, 1, events));
      return created;
    },
    async commit(previous, next, events) {
      const committed = await store.commit(previous, next, events);
      if (committed !== 'conflict')
        await publish(next.id, [
          // What an earlier publish left behind goes first: order per request holds.
          ...(previous.unpublished ?? []),
          ...outboxOf(previous.request.state, next, previous.request.version + 1, events),
        ]);
      return committed;
    },
  };
}
