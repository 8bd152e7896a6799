import { ServiceBusClient } from '@azure/service-bus';
import rhea, { type Message } from 'rhea';
import {
  EVENTS_TOPIC,
  INTAKE_REJECTED_QUEUE,
  OPERATIONS_QUEUE,
} from '../../../src/adapters/serviceBus/queueNames.js';
import { createServiceBusEventPublisher } from '../../../src/adapters/serviceBus/serviceBusEventPublisher.js';
import { createServiceBusNudger } from '../../../src/adapters/serviceBus/serviceBusNudger.js';
import { createServiceBusRejectedMessageSink } from '../../../src/adapters/serviceBus/serviceBusRejectedMessageSink.js';
import { createServiceBusReplySender } from '../../../src/adapters/serviceBus/serviceBusReplySender.js';
import { busContract, CONTRACT_ENTITIES, type WireMessage } from '../../contracts/busContract.js';
import { startAmqpPeer } from '../../support/amqpPeer.js';

const DATA_SECTION = 0x75;
const BATCH_FORMAT = 0x80013700;
const SCHEDULED_ENQUEUE_TIME = 'x-opt-scheduled-enqueue-time';

/** The SDK's default decoding of a data section: its JSON where it parses, else the bytes. */
function decodedBody(section: { typecode: number; content: Buffer }): unknown {
  if (section.typecode !== DATA_SECTION) throw new Error(`body section ${section.typecode}, not data`);
  try {
    return JSON.parse(section.content.toString('utf8'));
  } catch {
    return section.content;
  }
}

function wireMessage(m: Message): WireMessage {
  const scheduled = m.message_annotations?.[SCHEDULED_ENQUEUE_TIME] as Date | undefined;
  const props = m.application_properties as Record<string, unknown> | undefined;
  return {
    ...(m.message_id === undefined ? {} : { messageId: String(m.message_id) }),
    ...(m.group_id === undefined ? {} : { sessionId: m.group_id }),
    ...(m.correlation_id === undefined ? {} : { correlationId: String(m.correlation_id) }),
    ...(m.subject === undefined ? {} : { subject: m.subject }),
    ...(m.content_type === undefined ? {} : { contentType: m.content_type }),
    ...(m.reply_to === undefined ? {} : { replyTo: m.reply_to }),
    ...(props === undefined ? {} : { applicationProperties: { ...props } }),
    ...(scheduled === undefined ? {} : { scheduledEnqueueTimeUtc: scheduled }),
    body: decodedBody(m.body as { typecode: number; content: Buffer }),
  };
}

/** rhea leaves a batch transfer (a non-zero message format) as its bytes: each message is one data section. */
function messagesOf(transfer: { format: number; message: Message }): Message[] {
  if (transfer.format !== BATCH_FORMAT) return [transfer.message];
  const batch = rhea.message.decode(transfer.message as unknown as Buffer);
  const body = batch.body as { typecode: number; content: Buffer | Buffer[]; multiple?: boolean };
  const sections = body.multiple ? (body.content as Buffer[]) : [body.content as Buffer];
  return sections.map((bytes) => rhea.message.decode(bytes) as unknown as Message);
}

// The real SDK against a rhea AMQP peer: what the adapters put on the wire, decoded as a receiver would.
busContract('Service Bus adapters (the real SDK over AMQP)', async () => {
  const peer = await startAmqpPeer({ queues: CONTRACT_ENTITIES });
  const client = new ServiceBusClient(peer.connectionString, {
    retryOptions: { maxRetries: 0, timeoutInMs: 3_000 },
  });
  return {
    nudger: createServiceBusNudger(client.createSender(OPERATIONS_QUEUE)),
    events: createServiceBusEventPublisher(client.createSender(EVENTS_TOPIC)),
    rejected: createServiceBusRejectedMessageSink(client.createSender(INTAKE_REJECTED_QUEUE)),
    replies: createServiceBusReplySender(client),
    received: async (entity) =>
      peer.transfers
        .filter((t) => t.address === entity)
        .flatMap(messagesOf)
        .map(wireMessage),
    clear: () => void peer.transfers.splice(0),
    close: async () => {
      await client.close();
      await peer.close();
    },
  };
});
