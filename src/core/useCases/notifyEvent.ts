import type { NotificationChannel, SendOutcome, SentMarks } from '../notifications/channel.js';
import {
  NOTIFIED_EVENTS,
  type Notice,
  type NoticeLinks,
  noticeOf,
  versionOf,
} from '../notifications/notice.js';
import type { RequestEventBody } from '../outboxEvent.js';
import type { RequestStore } from '../ports.js';

export interface NotifyRetry {
  /** Attempts per channel in one delivery; past them the message is delivered again. */
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
}

export type NotifyOutcome =
  | { action: 'skipped'; reason: string }
  | {
      action: 'notified';
      sent: string[];
      /** Done by an earlier delivery of the same event. */
      already: string[];
      gaveUp: Array<{ channel: string; reason: string }>;
      /** Still failing after every attempt: the caller has the event delivered again. */
      retryLater: Array<{ channel: string; reason: string }>;
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
 * Tells every channel of one event, each at most once per (request, version, channel): a send is marked
 * after it succeeds, and a redelivery skips what is marked. A crash between a send and its mark can send
 * it twice; the signed webhook carries the key so its receiver can drop that copy.
 */
export async function notifyEvent(
  messageId: string,
  event: RequestEventBody,
  deps: NotifyDeps,
): Promise<NotifyOutcome> {
  if (deps.channels.length === 0) return { action: 'skipped', reason: 'no channel is configured' };
  if (!NOTIFIED_EVENTS.has(event.type)) return { action: 'skipped', reason: `${event.type} is not notified` };
  const stored = await deps.store.get(event.requestId);
  if (!stored) return { action: 'skipped', reason: 'the request is not found' };
  if (stored.request.policy.decision !== 'approvalRequired')
    return { action: 'skipped', reason: 'no person decides this request' };
  const notice = noticeOf(messageId, event, stored.request, deps.links(event.requestId));
  const outcome = {
    action: 'notified' as const,
    sent: [] as string[],
    already: [] as string[],
    gaveUp: [] as Array<{ channel: string; reason: string }>,
    retryLater: [] as Array<{ channel: string; reason: string }>,
  };
  for (const channel of deps.channels) {
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
    } else outcome.retryLater.push({ channel: channel.name, reason: sent.reason });
  }
  return outcome;
}
