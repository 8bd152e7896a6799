import type { RejectedMessage } from '../../core/rejectedMessageSink.js';

/** Service Bus caps a string application property; the full list of fields travels as `DeadLetterErrors`. */
const MAX_DESCRIPTION = 4096;

export interface RejectedServiceBusMessage {
  body: unknown;
  /** The original's ID: duplicate detection keeps a redelivered refusal once, and a replay can reuse it. */
  messageId?: string;
  contentType?: string;
  subject?: string;
  correlationId?: string;
  replyTo?: string;
  applicationProperties: Record<string, string | number | boolean>;
}

const primitive = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * A refused intake message as the `identity-requests-rejected` queue keeps it: the body and properties as
 * they came, plus the dead-letter queue's own property names (`DeadLetterReason`, `DeadLetterErrorDescription`)
 * so tools that read dead letters read these too.
 */
export function rejectedMessage(rejected: RejectedMessage): RejectedServiceBusMessage {
  const original = Object.fromEntries(
    Object.entries(rejected.applicationProperties).filter(([, v]) => primitive(v)),
  ) as Record<string, string | number | boolean>;
  return {
    body: rejected.body,
    ...(rejected.messageId ? { messageId: rejected.messageId } : {}),
    ...(rejected.contentType ? { contentType: rejected.contentType } : {}),
    ...(rejected.subject ? { subject: rejected.subject } : {}),
    ...(rejected.correlationId ? { correlationId: rejected.correlationId } : {}),
    ...(rejected.replyTo ? { replyTo: rejected.replyTo } : {}),
    applicationProperties: {
      ...original,
      DeadLetterReason: rejected.reason,
      DeadLetterErrorDescription: rejected.description.slice(0, MAX_DESCRIPTION),
      DeadLetterErrors: JSON.stringify(rejected.errors),
      OriginalQueue: rejected.queue,
      ...(rejected.messageId ? { OriginalMessageId: rejected.messageId } : {}),
      ...(rejected.enqueuedTimeUtc ? { OriginalEnqueuedTimeUtc: rejected.enqueuedTimeUtc } : {}),
      ...(rejected.deliveryCount !== undefined ? { OriginalDeliveryCount: rejected.deliveryCount } : {}),
    },
  };
}
