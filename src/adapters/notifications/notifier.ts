import type { TableClient } from '@azure/data-tables';
import type { Clock } from '../../core/clock.js';
import type { NotificationChannel } from '../../core/notifications/channel.js';
import {
  DEFAULT_REDELIVERY_BACKOFF,
  type NoticeRetryScheduler,
  type RedeliveryBackoff,
} from '../../core/notifications/redelivery.js';
import type { RequestStore } from '../../core/ports.js';
import type { NotifyDeps, NotifyRetry } from '../../core/useCases/notifyEvent.js';
import type { NotificationSettings } from '../../notificationSettings.js';
import { createHttpChannel } from './httpChannel.js';
import { createTableSentMarks } from './tableSentMarks.js';

/** Three attempts in one delivery (1 s, 2 s apart, Retry-After honoured up to 10 s); then a scheduled retry. */
export const DEFAULT_NOTIFY_RETRY: NotifyRetry = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The approvers' channels the NOTIFY_* settings turn on. */
export function approverChannels(
  settings: NotificationSettings | undefined,
  clock: Clock,
): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (settings?.teamsWebhookUrl)
    channels.push(
      createHttpChannel({ name: 'teams', format: 'teams', url: settings.teamsWebhookUrl, clock }),
    );
  if (settings?.slackWebhookUrl)
    channels.push(
      createHttpChannel({ name: 'slack', format: 'slack', url: settings.slackWebhookUrl, clock }),
    );
  if (settings?.webhook)
    channels.push(
      createHttpChannel({
        name: 'webhook',
        format: 'webhook',
        url: settings.webhook.url,
        secret: settings.webhook.secret,
        clock,
      }),
    );
  return channels;
}

export interface NotifierParts {
  store: Pick<RequestStore, 'get'>;
  sent: TableClient;
  clock: Clock;
  retries: NoticeRetryScheduler;
  /** The app's public origin, for the links (APPROVAL_PAGE_BASE_URL). */
  baseUrl: string;
  retry?: NotifyRetry;
  backoff?: RedeliveryBackoff;
}

/** Channels with the sent marks, the links and the retries, as the notify use case takes them. */
export function notifier(
  channels: NotificationChannel[],
  {
    store,
    sent,
    clock,
    retries,
    baseUrl,
    retry = DEFAULT_NOTIFY_RETRY,
    backoff = DEFAULT_REDELIVERY_BACKOFF,
  }: NotifierParts,
): NotifyDeps {
  return {
    store,
    channels,
    marks: createTableSentMarks(sent),
    links: (id) => ({
      page: `${baseUrl}/api/approvals/${id}`,
      api: `${baseUrl}/api/identity-requests/${id}`,
    }),
    retry,
    wait: sleep,
    clock,
    backoff,
    retries,
  };
}
