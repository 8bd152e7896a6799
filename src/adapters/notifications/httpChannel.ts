import type { Clock } from '../../core/clock.js';
import type { NotificationChannel, SendOutcome } from '../../core/notifications/channel.js';
import type { Notice } from '../../core/notifications/notice.js';
import { slackMessage } from './slackMessage.js';
import { teamsCard } from './teamsCard.js';
import { signatureOf } from './webhookSignature.js';

export type ChannelFormat = 'teams' | 'slack' | 'webhook';

export interface HttpChannelOptions {
  name: string;
  format: ChannelFormat;
  url: string;
  /** The generic webhook's HMAC key. */
  secret?: string;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const bodyOf = (format: ChannelFormat, notice: Notice): unknown =>
  format === 'teams' ? teamsCard(notice) : format === 'slack' ? slackMessage(notice) : { version: 1, notice };

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** One webhook: POSTs the channel's JSON; 5xx, 408, 429 and network failures may pass, other 4xx will not. */
export function createHttpChannel(options: HttpChannelOptions): NotificationChannel {
  const { name, format, url, secret, clock, fetch: send = fetch, timeoutMs = 10_000 } = options;
  return {
    name,
    async send(notice): Promise<SendOutcome> {
      const body = JSON.stringify(bodyOf(format, notice));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (format === 'webhook') {
        const timestamp = String(clock.now().getTime() / 1000);
        headers['x-broker-event'] = notice.event;
        headers['x-broker-delivery'] = `${notice.eventId}.${name}`;
        headers['x-broker-timestamp'] = timestamp;
        if (secret) headers['x-broker-signature'] = signatureOf(secret, timestamp, body);
      }
      let response: Response;
      try {
        response = await send(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        return { ok: false, retryable: true, reason: `unreachable: ${(e as Error).message}` };
      }
      await response.body?.cancel();
      if (response.ok) return { ok: true };
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      const after = retryAfterMs(response.headers.get('retry-after'), clock.now());
      return {
        ok: false,
        retryable,
        reason: `HTTP ${response.status}`,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    },
  };
}
