import type { InvocationContext, ServiceBusQueueHandler } from '@azure/functions';
import { parseNoticeRetry } from '../adapters/serviceBus/noticeRetryMessage.js';
import { NOTIFICATION_RETRIES_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { notifyEvent } from '../core/useCases/notifyEvent.js';
import { services } from '../wiring.js';
import { bodyOf, logNoticeOutcome } from './noticeOutcome.js';
import { registerFunction } from './registry.js';

/**
 * One channel's scheduled retry of one event. Same boundary as the event's own delivery: still failing,
 * it schedules the next retry (later again) and completes; past the last it is given up and logged.
 */
export const retryNotificationsHandler: ServiceBusQueueHandler = async (
  message,
  context: InvocationContext,
) => {
  const retry = parseNoticeRetry(bodyOf(message));
  if ('invalid' in retry) {
    context.error(`dropping a message that is not a notification retry: ${retry.invalid}`);
    return;
  }
  const all = await services();
  const deps = [all.notify, all.writeBack].find((d) => d.channels.some((c) => c.name === retry.channel));
  if (!deps) {
    context.warn(`notification ${retry.eventId}: channel ${retry.channel} is no longer configured`);
    return;
  }
  const outcome = await notifyEvent(retry.eventId, retry.event, deps, {
    retry: retry.retry,
    channel: retry.channel,
  });
  logNoticeOutcome(context, retry.eventId, outcome);
};

registerFunction({
  kind: 'serviceBusQueue',
  name: 'retryNotifications',
  queueName: NOTIFICATION_RETRIES_QUEUE,
  isSessionsEnabled: false,
  handler: retryNotificationsHandler,
});
