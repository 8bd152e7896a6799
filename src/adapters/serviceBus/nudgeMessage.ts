import { z } from 'zod';
import type { Nudge } from '../../core/ports.js';
import { sessionIdFor } from './sessionIdFor.js';

/**
 * Version 1 of the operations queue's message: it only says "look at request X". The correlation ID travels
 * as the message's own `correlationId`, never in the body, so nudges from before it still parse.
 */
export const nudgeBodySchema = z.object({ v: z.literal(1), requestId: z.string().min(1).max(64) });

export interface NudgeMessage {
  body: z.infer<typeof nudgeBodySchema>;
  contentType: 'application/json';
  subject: 'nudge';
  /** Unique per commit and time, so the queue's duplicate detection drops only true repeats. */
  messageId: string;
  sessionId: string;
  correlationId?: string;
  /** For the executor's log lines only: the request's own record is the truth. */
  applicationProperties: { target: string };
  scheduledEnqueueTimeUtc?: Date;
}

export function nudgeMessage(nudge: Nudge, at?: Date): NudgeMessage {
  return {
    body: { v: 1, requestId: nudge.requestId },
    contentType: 'application/json',
    subject: 'nudge',
    messageId: `${nudge.requestId}:${nudge.version}:${at ? at.toISOString() : 'now'}`,
    sessionId: sessionIdFor(nudge.target),
    ...(nudge.correlationId ? { correlationId: nudge.correlationId } : {}),
    applicationProperties: { target: nudge.target },
    ...(at ? { scheduledEnqueueTimeUtc: at } : {}),
  };
}
