import { randomUUID } from 'node:crypto';
import type { QueuedMessage } from '../localBus/busMessage.js';

// The worker JSON-parses every string it is handed (`fromRpcTypedData`), keeping the text when that fails.
function parsedLikeTheWorker(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The worker's `toCamelCaseValue`: lower-cases the first letter of every key, all the way down. */
export function camelCased(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || value instanceof Date)
    return value;
  if (Array.isArray(value)) return value.map(camelCased);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key.charAt(0).toLowerCase() + key.slice(1), camelCased(v)]),
  );
}

/**
 * The classic trigger's input: bytes as a Buffer, text parsed as JSON where it is JSON, and an object as
 * the JSON it went over the wire as (so a Date arrives as its ISO text, as from a real sender).
 */
export function triggerInput(body: unknown): unknown {
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === 'string') return parsedLikeTheWorker(body);
  return body === undefined ? undefined : JSON.parse(JSON.stringify(body));
}

/**
 * The trigger metadata the host sends for one delivery (the Service Bus extension's binding data, PascalCase)
 * as the worker hands it to the handler: keys and nested keys camelCased, strings JSON-parsed where they parse.
 * `SessionId` only on a session-enabled trigger.
 */
export function triggerMetadata(message: QueuedMessage, sessions: boolean): Record<string, unknown> {
  const fromHost: Record<string, unknown> = {
    MessageId: message.messageId,
    DeliveryCount: message.deliveryCount,
    LockToken: randomUUID(),
    EnqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
    SequenceNumber: message.sequenceNumber,
    ContentType: message.contentType,
    CorrelationId: message.correlationId,
    ReplyTo: message.replyTo,
    Subject: message.subject,
    ...(sessions ? { SessionId: message.sessionId } : {}),
    ApplicationProperties: message.applicationProperties ?? {},
    UserProperties: message.applicationProperties ?? {},
  };
  return Object.fromEntries(
    Object.entries(fromHost)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [
        key.charAt(0).toLowerCase() + key.slice(1),
        camelCased(typeof value === 'string' ? parsedLikeTheWorker(value) : value),
      ]),
  );
}
