import type { FieldError } from './fieldError.js';

/** A message on the intake queue, as the trigger handed it over: what a refusal keeps, field for field. */
export interface QueuedSubmission {
  /** Parsed JSON, a Buffer for bytes, or the text when it is not JSON: so a replay sends what came. */
  body: unknown;
  /** `''` when the message had none. */
  messageId: string;
  correlationId?: string;
  replyTo?: string;
  contentType?: string;
  subject?: string;
  /** When it had been enqueued (ISO 8601). */
  enqueuedTimeUtc?: string;
  deliveryCount?: number;
  /** The message's own application properties (keys camelCased by the worker). */
  applicationProperties: Record<string, unknown>;
}

/** A queued submission refused at intake, as it came, with why: what an operator reads and replays. */
export interface RejectedMessage extends QueuedSubmission {
  /** Where it was refused. */
  queue: string;
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
