import type { Clock } from '../clock.js';
import type { OutboxEvent } from '../outboxEvent.js';
import type { EventPublisher, RequestStore } from '../ports.js';
import { publishOutbox } from '../publishingStore.js';

/**
 * The outbox's safety net and its cleanup: sends what is still in the outbox, each request's events in
 * order, then removes it. Most of it was sent already by the commit that wrote it; sent again within the
 * topic's 10-minute duplicate-detection window (grace 2 minutes, a sweep every 5), that copy is dropped
 * by Service Bus. Events younger than `graceMs` are left to the invocation that is still publishing them.
 */
export async function republishEvents(
  deps: { store: RequestStore; events: EventPublisher; clock: Clock },
  { graceMs = 2 * 60_000, pageSize = 100 } = {},
): Promise<{ requests: number; events: number; failed: number }> {
  const now = deps.clock.now().getTime();
  const byRequest = new Map<string, OutboxEvent[]>(); // bounded by what is unsent, not by history
  let continuationToken: string | undefined;
  do {
    const page = await deps.store.listUnpublished({
      limit: pageSize,
      ...(continuationToken ? { continuationToken } : {}),
    });
    for (const event of page.items) {
      const outbox = byRequest.get(event.body.requestId) ?? [];
      outbox.push(event);
      byRequest.set(event.body.requestId, outbox);
    }
    continuationToken = page.continuationToken;
  } while (continuationToken);
  const sent = { requests: 0, events: 0, failed: 0 };
  for (const [requestId, outbox] of byRequest) {
    const oldest = outbox[0];
    if (!oldest || Date.parse(oldest.body.at) + graceMs > now) continue;
    try {
      await publishOutbox(deps.store, deps.events, requestId, outbox);
      sent.requests++;
      sent.events += outbox.length;
    } catch {
      sent.failed++; // left in the outbox for the next pass; the other requests still go
    }
  }
  return sent;
}
