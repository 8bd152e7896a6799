import type { ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import type { OutboxEvent } from '../../core/outboxEvent.js';
import type { EventPublisher } from '../../core/ports.js';

/** The Service Bus message of an outbox event: `subject` is its type, `messageId` request ID and version. */
export const eventMessage = (
  event: OutboxEvent,
): ServiceBusMessage & {
  messageId: string;
  subject: string;
  contentType: string;
  correlationId?: string;
} => ({
  body: event.body,
  contentType: 'application/json',
  messageId: event.messageId,
  subject: event.subject,
  ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
});

/** Publishes to the events topic; one `sendMessages` of an array is one batch, sent in order. */
export const createServiceBusEventPublisher = (
  sender: Pick<ServiceBusSender, 'sendMessages'>,
): EventPublisher => ({
  async publish(events) {
    if (events.length > 0) await sender.sendMessages(events.map(eventMessage));
  },
});
