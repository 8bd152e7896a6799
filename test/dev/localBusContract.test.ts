import { ManualClock } from '../../dev/localBus/manualClock.js';
import { InProcessBus } from '../../dev/localBus/inProcessBus.js';
import type { QueuedMessage } from '../../dev/localBus/busMessage.js';
import { busEvents, busNudger, busRejected, busReplies } from '../../dev/localEnvironment.js';
import {
  EVENTS_TOPIC,
  INTAKE_REJECTED_QUEUE,
  OPERATIONS_QUEUE,
} from '../../src/adapters/serviceBus/queueNames.js';
import { busContract, REPLY_QUEUE, type WireMessage } from '../contracts/busContract.js';

/** What the local bus holds, in the contract's terms: its own bookkeeping left out, every field it kept in. */
function wireMessage(m: QueuedMessage): WireMessage {
  const fields = {
    messageId: m.messageId,
    sessionId: m.sessionId,
    correlationId: m.correlationId,
    subject: m.subject,
    contentType: m.contentType,
    replyTo: m.replyTo,
    applicationProperties: m.applicationProperties,
    scheduledEnqueueTimeUtc: m.scheduledEnqueueTimeUtc,
  };
  return {
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    body: m.body,
  };
}

// The local host's senders on the in-process bus, nothing consuming: what each entity was handed.
busContract('the local in-process bus', async () => {
  const bus = new InProcessBus(new ManualClock());
  bus.declareQueue(OPERATIONS_QUEUE, { sessions: true });
  bus.declareQueue(INTAKE_REJECTED_QUEUE);
  bus.declareQueue(REPLY_QUEUE);
  bus.declareTopic(EVENTS_TOPIC);
  return {
    nudger: busNudger(bus),
    events: busEvents(bus),
    rejected: busRejected(bus),
    replies: busReplies(bus),
    received: async (entity) =>
      (entity === EVENTS_TOPIC ? bus.topicMessages(entity) : bus.pending(entity)).map(wireMessage),
    clear: () => bus.purge(),
    close: () => bus.stop(),
  };
});
