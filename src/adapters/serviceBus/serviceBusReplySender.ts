import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import type { ReplySender } from '../../core/ports.js';
import { replyMessage } from './replyMessage.js';

/** Enough for the services that ask for replies; each sender holds an AMQP link. */
export const MAX_REPLY_SENDERS = 16;

/**
 * Replies through Service Bus, one sender per entity. The cache is bounded: past `maxSenders` the least
 * recently used sender is closed, so senders naming many entities cannot pile up links.
 */
export function createServiceBusReplySender(
  client: Pick<ServiceBusClient, 'createSender'>,
  { maxSenders = MAX_REPLY_SENDERS } = {},
): ReplySender {
  const senders = new Map<string, ServiceBusSender>(); // in order of use, least recent first

  function senderFor(entity: string): ServiceBusSender {
    const cached = senders.get(entity);
    senders.delete(entity);
    const sender = cached ?? client.createSender(entity);
    senders.set(entity, sender);
    for (const [oldest, old] of senders) {
      if (senders.size <= maxSenders) break;
      senders.delete(oldest);
      void old.close().catch(() => undefined); // a link that fails to close is gone either way
    }
    return sender;
  }

  return {
    async send(entity, reply) {
      await senderFor(entity).sendMessages(replyMessage(reply));
    },
  };
}
