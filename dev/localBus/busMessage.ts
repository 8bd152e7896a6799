/** A message as a sender hands it to the bus (the fields of @azure/service-bus's ServiceBusMessage we use). */
export interface OutgoingMessage {
  body: unknown;
  messageId?: string;
  sessionId?: string;
  contentType?: string;
  subject?: string;
  correlationId?: string;
  replyTo?: string;
  applicationProperties?: Record<string, unknown>;
  scheduledEnqueueTimeUtc?: Date;
}

/** A message on a queue, with the broker's bookkeeping. */
export interface QueuedMessage extends OutgoingMessage {
  messageId: string;
  sequenceNumber: number;
  enqueuedTimeUtc: Date;
  /** Not delivered before this time (scheduled messages). */
  availableAt: Date;
  deliveryCount: number;
}

export interface DeadLetteredMessage extends QueuedMessage {
  deadLetterReason: string;
  deadLetterErrorDescription: string;
}

/** How a consumer settles a delivery. Not settling at all is an abandon (the lock lapses). */
export interface Settlement {
  complete(): void;
  abandon(): void;
  deadLetter(reason: string, description: string): void;
}

export type Consumer = (message: QueuedMessage, settle: Settlement) => Promise<void>;
