import { z } from 'zod';
import { EVENT_TYPES } from '../core/eventType.js';
import type { RequestEventBody } from '../core/outboxEvent.js';
import { ticketSchema } from '../core/requestSchema.js';
import { REQUEST_STATES } from '../core/requestState.js';
import { requestViewSchema } from '../core/requestViewSchema.js';

/** The body of an event on `identity-request-events` (docs/events.md), from the request view's own parts. */
export const requestEventBodySchema = z.object({
  type: z.enum(EVENT_TYPES),
  requestId: z.string(),
  state: z.enum(REQUEST_STATES),
  target: z.string(),
  ticket: ticketSchema.optional(),
  results: requestViewSchema.shape.results.optional(),
  error: requestViewSchema.shape.error.unwrap().optional(),
  at: z.string(),
});

/** One event as received: the message fields that identify and correlate it, and its body. */
export interface RequestEventMessage {
  /** `<requestId>-<version>`: a second delivery of the same event has the same ID. */
  messageId: string;
  /** The event's type. */
  subject: string;
  correlationId: string;
  body: z.output<typeof requestEventBodySchema>;
}

// A compile-time guard: what the broker publishes must parse here, or a field it adds shows at build time.
export const asEventBody = (body: RequestEventBody): z.input<typeof requestEventBodySchema> => body;
