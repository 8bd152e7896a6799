import type { Clock } from '../../core/clock.js';
import { approversTake } from '../../core/notifications/audiences.js';
import type { NotificationChannel, SendOutcome } from '../../core/notifications/channel.js';
import type { Notice } from '../../core/notifications/notice.js';
import { slackMessage } from './slackMessage.js';
import { teamsCard } from './teamsCard.js';
import { sendOutcomeOf } from './httpOutcome.js';
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

/** One approvers' webhook: POSTs the channel's JSON (see sendOutcomeOf for what may pass on a retry). */
export function createHttpChannel(options: HttpChannelOptions): NotificationChannel {
  const { name, format, url, secret, clock, fetch: send = fetch, timeoutMs = 10_000 } = options;
  return {
    name,
    takes: approversTake,
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
      return sendOutcomeOf(
        () => send(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) }),
        () => clock.now(),
      );
    },
  };
}
