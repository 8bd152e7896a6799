import type { FieldError } from './fieldError.js';

/** A queued submission refused at intake, as it came, with why: what an operator reads and replays. */
export interface RejectedMessage {
  /** The body as the trigger handed it over (parsed JSON, text or bytes), so a replay sends what came. */
  body: unknown;
  /** `''` when the message had none. */
  messageId: string;
  correlationId?: string;
  replyTo?: string;
  contentType?: string;
  subject?: string;
  /** The message's own application properties, as the trigger handed them over. */
  applicationProperties: Record<string, unknown>;
  /** Where it was refused, and when it had been enqueued there (ISO 8601). */
  queue: string;
  enqueuedTimeUtc?: string;
  deliveryCount?: number;
  /** The refusal: a code (`InvalidRequest`, `InvalidJson`, ...), a text naming each invalid field, and the fields. */
  reason: string;
  description: string;
  errors: FieldError[];
}

/**
 * Keeps refused intake messages durably. `keep` resolves only once the message is kept, so the caller may
 * complete the original; it throws otherwise. Keeping one message twice (a redelivery) keeps it once.
 */
export interface RejectedMessageSink {
  keep(message: RejectedMessage): Promise<void>;
}
