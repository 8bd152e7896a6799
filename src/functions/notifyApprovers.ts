import type { InvocationContext, ServiceBusTopicHandler } from '@azure/functions';
import { EVENTS_TOPIC, NOTIFICATIONS_SUBSCRIPTION } from '../adapters/serviceBus/queueNames.js';
import { notifyEvent, type NotifyDeps } from '../core/useCases/notifyEvent.js';
import { services, type Services } from '../wiring.js';
import { bodyOf, isEventBody, logNoticeOutcome } from './noticeOutcome.js';
import { registerFunction } from './registry.js';

/**
 * A trigger that tells one group of channels of each request event. Failure boundary: a channel that
 * refuses for good is logged and marked; one still failing gets a scheduled retry of its own (the
 * notification-retries queue), and the message completes. Only what no retry can cover (Table storage or
 * Service Bus down) throws, so Service Bus delivers the event again. The request never waits on any of it.
 */
export const eventNotifier =
  (channelsOf: (s: Services) => NotifyDeps): ServiceBusTopicHandler =>
  async (message, context: InvocationContext) => {
    const messageId = context.triggerMetadata?.messageId;
    const body = bodyOf(message);
    if (typeof messageId !== 'string' || !isEventBody(body)) {
      context.error(
        `dropping a message that is not a request event: ${JSON.stringify(message)?.slice(0, 200)}`,
      );
      return;
    }
    logNoticeOutcome(context, messageId, await notifyEvent(messageId, body, channelsOf(await services())));
  };

/** Approvers, through Teams, Slack and the signed webhook. */
export const notifyApproversHandler = eventNotifier((s) => s.notify);

registerFunction({
  kind: 'serviceBusTopic',
  name: 'notifyApprovers',
  topicName: EVENTS_TOPIC,
  subscriptionName: NOTIFICATIONS_SUBSCRIPTION,
  handler: notifyApproversHandler,
});
