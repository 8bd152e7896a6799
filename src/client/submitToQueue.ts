import { randomUUID } from 'node:crypto';
import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import type { z } from 'zod';
import { queueSubmissionSchema, toFieldErrors } from '../core/requestSchema.js';
import { InvalidSubmissionError } from './invalidSubmissionError.js';

/** What another service puts on the intake queue: a request plus `requestedBy` (CONTRACT.md, Service Bus). */
export type QueueSubmission = z.input<typeof queueSubmissionSchema>;

/** The intake queue's name in every deployment (infra and the local host). */
export const INTAKE_QUEUE_NAME = 'identity-requests';

/** A sender the caller owns (and closes), or a client the call opens a sender on for this one message. */
export type QueueVia =
  | { sender: Pick<ServiceBusSender, 'sendMessages'> }
  | { client: Pick<ServiceBusClient, 'createSender'>; queueName?: string };

/**
 * Validates with the broker's own schema, then sends one message. `messageId` is the broker's idempotency
 * key, so resending with the same ID after a failure never makes a second request; it is also the
 * `correlationId` of every event about the request (see `waitForOutcome`).
 */
export async function submitToQueue(
  via: QueueVia,
  submission: QueueSubmission,
  { messageId = randomUUID() }: { messageId?: string } = {},
): Promise<{ messageId: string }> {
  const parsed = queueSubmissionSchema.safeParse(submission);
  if (!parsed.success) throw new InvalidSubmissionError(toFieldErrors(parsed.error));
  // The body as given, not as parsed: the broker parses it again, and a transform must not change what it sees.
  const message = { body: submission, messageId, contentType: 'application/json' };
  if ('sender' in via) {
    await via.sender.sendMessages(message);
    return { messageId };
  }
  const sender = via.client.createSender(via.queueName ?? INTAKE_QUEUE_NAME);
  try {
    await sender.sendMessages(message);
  } finally {
    await sender.close();
  }
  return { messageId };
}
