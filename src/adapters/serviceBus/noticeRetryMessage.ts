import { z } from 'zod';
import { EVENT_TYPES } from '../../core/eventType.js';
import type { NoticeRetry } from '../../core/notifications/redelivery.js';
import type { RequestEventBody } from '../../core/outboxEvent.js';
import { REQUEST_STATES } from '../../core/requestState.js';

/** Version 1 of the retry queue's message: one channel, one event, which retry this is. */
export const noticeRetryBodySchema = z.object({
  v: z.literal(1),
  eventId: z.string().regex(/^[0-9a-z]{1,64}-[0-9]{1,16}$/),
  channel: z.string().min(1).max(64),
  retry: z.number().int().min(1).max(100),
  // The event as the topic carried it; only what the notifier reads is checked, the rest kept as it came.
  event: z
    .object({
      type: z.enum(EVENT_TYPES),
      requestId: z.string().min(1).max(64),
      state: z.enum(REQUEST_STATES),
      target: z.string(),
      at: z.string(),
    })
    .passthrough(),
});

export interface NoticeRetryMessage {
  body: Omit<z.infer<typeof noticeRetryBodySchema>, 'event'> & { event: RequestEventBody };
  contentType: 'application/json';
  subject: 'noticeRetry';
  /** One per (event, channel, retry): a retry scheduled twice (its event delivered again) is dropped as a duplicate. */
  messageId: string;
  scheduledEnqueueTimeUtc: Date;
}

export const noticeRetryMessage = (retry: NoticeRetry, at: Date): NoticeRetryMessage => ({
  body: { v: 1, eventId: retry.eventId, channel: retry.channel, retry: retry.retry, event: retry.event },
  contentType: 'application/json',
  subject: 'noticeRetry',
  messageId: `${retry.eventId}.${retry.channel}.${retry.retry}`,
  scheduledEnqueueTimeUtc: at,
});

/** The retry a message carries, or why it carries none. */
export function parseNoticeRetry(body: unknown): NoticeRetry | { invalid: string } {
  const parsed = noticeRetryBodySchema.safeParse(body);
  if (!parsed.success)
    return { invalid: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  const { eventId, channel, retry, event } = parsed.data;
  return { eventId, channel, retry, event: event as RequestEventBody };
}
