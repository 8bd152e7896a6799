import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import type { ReplySender } from '../../core/ports.js';

/** Replies through Service Bus, one sender per entity, kept for the process's life. */
export function createServiceBusReplySender(client: Pick<ServiceBusClient, 'createSender'>): ReplySender {
  const senders = new Map<string, ServiceBusSender>();
  return {
    async send(entity, reply) {
      let sender = senders.get(entity);
      if (!sender) senders.set(entity, (sender = client.createSender(entity)));
      await sender.sendMessages({
        body: reply.body,
        contentType: 'application/json',
        subject: reply.subject,
        ...(reply.correlationId ? { correlationId: reply.correlationId } : {}),
      });
    },
  };
}
