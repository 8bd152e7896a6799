import type { InvocationContext } from '@azure/functions';
import type { QueuedSubmission } from '../core/rejectedMessageSink.js';

/** An intake message as the classic Service Bus trigger hands it over: the decoded body and the metadata read. */
export type IntakeMessage = QueuedSubmission;

// The worker JSON-parses metadata strings, so an ID of digits arrives as a number: read it back as text.
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Reads the trigger's input and `triggerMetadata` (camelCased keys, as the Node.js worker passes them). */
export function intakeMessage(body: unknown, context: InvocationContext): IntakeMessage {
  const metadata = context.triggerMetadata ?? {};
  const optional = {
    correlationId: text(metadata.correlationId),
    replyTo: text(metadata.replyTo),
    contentType: text(metadata.contentType),
    subject: text(metadata.subject) ?? text(metadata.label), // `Label` before Service Bus extension 5
    enqueuedTimeUtc: text(metadata.enqueuedTimeUtc),
    deliveryCount: typeof metadata.deliveryCount === 'number' ? metadata.deliveryCount : undefined,
  };
  return {
    body,
    messageId: text(metadata.messageId) ?? '',
    applicationProperties: record(metadata.applicationProperties),
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<
      typeof optional
    >),
  } as IntakeMessage;
}
