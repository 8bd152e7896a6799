import { describe, expect, it } from 'vitest';
import type { OutboxEvent } from '../../src/core/outboxEvent.js';
import type { EventPublisher, NewEvent, StoredRequest } from '../../src/core/ports.js';
import { withPublishing } from '../../src/core/publishingStore.js';
import { MemoryRequestStore } from '../fakes/memoryRequestStore.js';
import { requestOf } from '../fakes/requestBuilder.js';

/** Records every event sent; while `down`, every publish throws. */
function recordingPublisher() {
  const sent: string[] = [];
  const publisher: EventPublisher & { down: boolean } = {
    down: false,
    async publish(events: OutboxEvent[]) {
      if (this.down) throw new Error('Service Bus unreachable');
      sent.push(...events.map((e) => e.messageId));
    },
  };
  return { sent, publisher };
}

const submitted = requestOf({ id: 'r1', state: 'awaitingApproval', version: 1 });
const event = (type: NewEvent['type']): NewEvent => ({ type, at: submitted.createdAt, actor: 'someone' });

/** One commit moving the stored request on by one event, as the use cases do. */
async function step(
  store: ReturnType<typeof withPublishing>,
  type: NewEvent['type'],
  state: StoredRequest['request']['state'],
) {
  const previous = (await store.get('r1')) as StoredRequest;
  const next = { ...previous.request, state, version: previous.request.version + 1 };
  expect(await store.commit(previous, next, [event(type)])).toHaveProperty('etag');
}

describe('withPublishing', () => {
  it("sends each event once: the rows it already sent, still in the outbox until the sweeper's pass, are not sent again", async () => {
    const { sent, publisher } = recordingPublisher();
    const store = withPublishing(new MemoryRequestStore(), publisher);
    await store.create(submitted, [event('requestSubmitted')]);
    await step(store, 'requestApproved', 'approved');
    await step(store, 'applyStarted', 'applying');
    await step(store, 'requestSucceeded', 'succeeded');
    // The submission's own event is not one the topic carries (outboxOf): the three commits' are.
    expect(sent).toEqual(['r1-2', 'r1-3', 'r1-4']);
  });

  it('sends what a failed publish left behind first, before the new event, in order', async () => {
    const { sent, publisher } = recordingPublisher();
    const store = withPublishing(new MemoryRequestStore(), publisher);
    await store.create(submitted, [event('requestSubmitted')]);
    publisher.down = true;
    await step(store, 'requestApproved', 'approved');
    publisher.down = false;
    await step(store, 'applyStarted', 'applying');
    expect(sent).toEqual(['r1-2', 'r1-3']);
  });

  it('another instance (nothing remembered) sends the whole outbox again: a duplicate, never a gap', async () => {
    const memory = new MemoryRequestStore();
    const first = recordingPublisher();
    const one = withPublishing(memory, first.publisher);
    await one.create(submitted, [event('requestSubmitted')]);
    await step(one, 'requestApproved', 'approved');
    const second = recordingPublisher();
    await step(withPublishing(memory, second.publisher), 'applyStarted', 'applying');
    expect(first.sent).toEqual(['r1-2']);
    expect(second.sent).toEqual(['r1-2', 'r1-3']);
  });
});
