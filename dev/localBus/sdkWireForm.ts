import type { OutgoingMessage } from './busMessage.js';

/** @azure/service-bus refuses longer message and session IDs before sending anything (Service Bus's limit). */
const MAX_ID_LENGTH = 128;

/**
 * A message as a Service Bus receiver gets it from what @azure/service-bus sent: bytes stay bytes, any
 * other body goes as its JSON (so no body arrives as `null`, and a Date as its ISO text). The SDK's own
 * refusals are thrown here too, so the local host fails where Azure would.
 */
export function sdkWireForm(message: OutgoingMessage): OutgoingMessage {
  for (const field of ['messageId', 'sessionId'] as const) {
    const value = message[field];
    if (value !== undefined && value.length > MAX_ID_LENGTH)
      throw new Error(
        `Length of '${field}' property on the message cannot be greater than ${MAX_ID_LENGTH} characters.`,
      );
  }
  const { body } = message;
  if (body instanceof Uint8Array) return { ...message, body: Buffer.from(body) };
  return { ...message, body: JSON.parse(JSON.stringify(body ?? null)) as unknown };
}
