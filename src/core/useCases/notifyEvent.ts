import type { Clock } from '../clock.js';
import type { NotificationChannel, SendOutcome, SentMarks } from '../notifications/channel.js';
import { type Notice, type NoticeLinks, noticeOf, versionOf } from '../notifications/notice.js';
import {
  delayBeforeRetry,
  type NoticeRetryScheduler,
  type RedeliveryBackoff,
} from '../notifications/redelivery.js';
import type { RequestEventBody } from '../outboxEvent.js';
import type { RequestStore } from '../ports.js';

export interface NotifyRetry {
  /** Attempts per channel in one delivery; past them a retry is scheduled (see RedeliveryBackoff). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface NotifyDeps {
  store: Pick<RequestStore, 'get'>;
  channels: readonly NotificationChannel[];
  marks: SentMarks;
  links(requestId: string): NoticeLinks;
  retry: NotifyRetry;
  wait(ms: number): Promise<void>;
  clock: Clock;
  backoff: RedeliveryBackoff;
  retries: NoticeRetryScheduler;
}

/** Which delivery this is: the event's own (retry 0, every channel) or one channel's scheduled retry. */
export interface NotifyDelivery {
  retry: number;
  channel?: string;
}

export type NotifyOutcome =
  | { action: 'skipped'; reason: string }
  | {
      action: 'notified';
      sent: string[];
      /** Done by an earlier delivery of the same event. */
      already: string[];
      /** Refused for good (a 4xx other than 408 and 429): marked, never tried again. */
      gaveUp: Array<{ channel: string; reason: string }>;
      /** Still failing: tried again by a retry scheduled for `at`. */
      scheduled: Array<{ channel: string; reason: string; retry: number; at: string }>;
      /** Still failing after the last retry: marked given up, for the caller to log as an error. */
      exhausted: Array<{ channel: string; reason: string }>;
    };

/** Attempts with exponential backoff; a Retry-After is a floor under it, the cap a ceiling. */
async function sendWithRetry(channel: NotificationChannel, notice: Notice, deps: NotifyDeps) {
  const { attempts, baseDelayMs, maxDelayMs } = deps.retry;
  for (let attempt = 1; ; attempt++) {
    const outcome: SendOutcome = await channel.send(notice);
    if (outcome.ok || !outcome.retryable || attempt >= attempts) return outcome;
    const backoff = baseDelayMs * 2 ** (attempt - 1);
    await deps.wait(Math.min(maxDelayMs, Math.max(backoff, outcome.retryAfterMs ?? 0)));
  }
}

/**
 * Tells every channel that takes this event of this request, each at most once per (request, version,
 * channel): a send is marked after it succeeds, and any later delivery skips what is marked. A channel
 * still failing gets a retry of its own on the retry queue, later each time, so one that is down for an
 * hour is told once it is back. A crash between a send and its mark can send it twice; the signed webhook
 * carries the key so its receiver can drop that copy.
 */
export async function notifyEvent(
  messageId: string,
  event: RequestEventBody,
  deps: NotifyDeps,
  delivery: NotifyDelivery = { retry: 0 },
): Promise<NotifyOutcome> {
  const named = deps.channels.filter((c) => delivery.channel === undefined || c.name === delivery.channel);
  if (named.length === 0) return { action: 'skipped', reason: 'no channel is configured' };
  const stored = await deps.store.get(event.requestId);
  if (!stored) return { action: 'skipped', reason: 'the request is not found' };
  const channels = named.filter((c) => c.takes(event.type, stored.request));
  if (channels.length === 0)
    return { action: 'skipped', reason: `no channel takes ${event.type} of this request` };
  const notice = noticeOf(messageId, event, stored.request, deps.links(event.requestId));
  const outcome = {
    action: 'notified' as const,
    sent: [] as string[],
    already: [] as string[],
    gaveUp: [] as Array<{ channel: string; reason: string }>,
    scheduled: [] as Array<{ channel: string; reason: string; retry: number; at: string }>,
    exhausted: [] as Array<{ channel: string; reason: string }>,
  };
  for (const channel of channels) {
    const key = { requestId: event.requestId, version: versionOf(messageId), channel: channel.name };
    if (await deps.marks.has(key)) {
      outcome.already.push(channel.name);
      continue;
    }
    const sent = await sendWithRetry(channel, notice, deps);
    if (sent.ok) {
      await deps.marks.mark(key, 'sent');
      outcome.sent.push(channel.name);
    } else if (!sent.retryable) {
      await deps.marks.mark(key, 'gaveUp');
      outcome.gaveUp.push({ channel: channel.name, reason: sent.reason });
    } else if (delivery.retry >= deps.backoff.retries) {
      await deps.marks.mark(key, 'gaveUp');
      outcome.exhausted.push({ channel: channel.name, reason: sent.reason });
    } else {
      const retry = delivery.retry + 1;
      // A Retry-After longer than the backoff is honoured, up to the longest delay.
      const wait = Math.max(
        delayBeforeRetry(deps.backoff, retry),
        Math.min(sent.retryAfterMs ?? 0, deps.backoff.maxDelayMs),
      );
      const at = new Date(deps.clock.now().getTime() + wait);
      // A failure to schedule throws: the delivery fails and Service Bus brings this event back.
      await deps.retries.schedule({ eventId: messageId, event, channel: channel.name, retry }, at);
      outcome.scheduled.push({ channel: channel.name, reason: sent.reason, retry, at: at.toISOString() });
    }
  }
  return outcome;
}
