import type { TableClient } from '@azure/data-tables';
import type { Clock } from '../../core/clock.js';
import type { NotificationChannel } from '../../core/notifications/channel.js';
import type { RequestStore } from '../../core/ports.js';
import type { NotifyDeps, NotifyRetry } from '../../core/useCases/notifyEvent.js';
import type { NotificationSettings } from '../../notificationSettings.js';
import { createHttpChannel } from './httpChannel.js';
import { createTableSentMarks } from './tableSentMarks.js';

/** Three attempts in one delivery (1 s, 2 s apart, Retry-After honoured up to 10 s); then Service Bus redelivers. */
export const DEFAULT_NOTIFY_RETRY: NotifyRetry = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The configured channels, the sent marks and the links, as the notify use case takes them. */
export function notifier(
  settings: NotificationSettings | undefined,
  {
    store,
    sent,
    clock,
    retry = DEFAULT_NOTIFY_RETRY,
  }: { store: Pick<RequestStore, 'get'>; sent: TableClient; clock: Clock; retry?: NotifyRetry },
): NotifyDeps {
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
  const base = settings?.approvalPageBaseUrl ?? '';
  return {
    store,
    channels,
    marks: createTableSentMarks(sent),
    links: (id) => ({ page: `${base}/api/approvals/${id}`, api: `${base}/api/identity-requests/${id}` }),
    retry,
    wait: sleep,
  };
}
