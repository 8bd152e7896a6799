import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { requestEventBodySchema, type RequestEventMessage } from './requestEventSchema.js';

/** The body as JSON, whether the SDK decoded it (the broker sends objects) or a sender sent text or bytes. */
function decode(body: unknown): unknown {
  if (body instanceof Uint8Array) return JSON.parse(Buffer.from(body).toString('utf8'));
  return typeof body === 'string' ? JSON.parse(body) : body;
}

/** A received message as a request event; throws when it breaks the contract, naming the message and fields. */
export function eventOfMessage(
  message: ServiceBusReceivedMessage,
  correlationId: string,
): RequestEventMessage {
  const messageId = String(message.messageId);
  const parsed = requestEventBodySchema.safeParse(decode(message.body));
  if (!parsed.success)
    throw new Error(
      `event ${messageId} is not a request event: ${parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ')}`,
    );
  return { messageId, subject: message.subject ?? parsed.data.type, correlationId, body: parsed.data };
}
