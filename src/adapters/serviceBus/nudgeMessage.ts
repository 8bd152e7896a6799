import { z } from 'zod';
import { sessionIdFor } from './sessionIdFor.js';

/** Version 1 of the operations queue's message: it only says "look at request X". */
export const nudgeBodySchema = z.object({ v: z.literal(1), requestId: z.string().min(1).max(64) });

export interface NudgeMessage {
  body: z.infer<typeof nudgeBodySchema>;
  contentType: 'application/json';
  subject: 'nudge';
  /** Unique per commit and time, so the queue's duplicate detection drops only true repeats. */
  messageId: string;
  sessionId: string;
  scheduledEnqueueTimeUtc?: Date;
}

export function nudgeMessage(
  nudge: { requestId: string; target: string; version: number },
  at?: Date,
): NudgeMessage {
  return {
    body: { v: 1, requestId: nudge.requestId },
    contentType: 'application/json',
    subject: 'nudge',
    messageId: `${nudge.requestId}:${nudge.version}:${at ? at.toISOString() : 'now'}`,
    sessionId: sessionIdFor(nudge.target),
    ...(at ? { scheduledEnqueueTimeUtc: at } : {}),
  };
}
