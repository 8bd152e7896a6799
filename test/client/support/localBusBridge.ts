import type { MessageHandlers, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import type { InProcessBus } from '../../../dev/localBus/inProcessBus.js';
import { RecordingSender } from './fakeBus.js';

// The local host's in-process bus behind the two SDK methods the client uses, so the client talks to the
// running broker without a Service Bus (none runs here: FACTS.md).

/** A sender that puts each message on a queue of the local bus, as `sendMessages` would on Service Bus. */
export const localQueueSender = (bus: InProcessBus, queue: string): RecordingSender =>
  new RecordingSender((m) =>
    bus.send(queue, { body: m.body, messageId: String(m.messageId), contentType: String(m.contentType) }),
  );

/** A receiver of everything the topic accepted, oldest first, then what arrives while subscribed (polled). */
export function localTopicReceiver(bus: InProcessBus, topic: string): Pick<ServiceBusReceiver, 'subscribe'> {
  return {
    subscribe(handlers: MessageHandlers) {
      let next = 0;
      let open = true;
      const poll = async () => {
        const messages = bus.topicMessages(topic);
        while (open && next < messages.length)
          await handlers.processMessage(messages[next++] as unknown as ServiceBusReceivedMessage);
        if (open) timer = setTimeout(() => void poll(), 20);
      };
      let timer = setTimeout(() => void poll(), 0);
      return {
        close: () => {
          open = false;
          clearTimeout(timer);
          return Promise.resolve();
        },
      };
    },
  };
}
