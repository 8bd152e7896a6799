import type { InvocationContext, ServiceBusTopicHandler } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { EVENTS_TOPIC, NOTIFICATIONS_SUBSCRIPTION } from '../adapters/serviceBus/queueNames.js';
import type { RequestEventBody } from '../core/outboxEvent.js';
import { notifyEvent } from '../core/useCases/notifyEvent.js';
import { services } from '../wiring.js';
import { registerFunction } from './registry.js';

const isEventBody = (body: unknown): body is RequestEventBody =>
  typeof body === 'object' && body !== null && 'type' in body && 'requestId' in body && 'state' in body;

/**
 * Tells the configured channels of each request event. Failure boundary: a channel that refuses for good
 * is logged and marked, and the message completes; one still failing after its attempts is thrown, so
 * Service Bus delivers the event again (the sent marks keep the other channels from a second copy) until
 * the subscription's max delivery count dead-letters it. The request never waits on any of this.
 */
export const notifyApproversHandler: ServiceBusTopicHandler = async (message, context: InvocationContext) => {
  const messageId = context.triggerMetadata?.messageId;
  const body: unknown = (() => {
    try {
      return decodeBody(message);
    } catch {
      return undefined;
    }
  })();
  if (typeof messageId !== 'string' || !isEventBody(body)) {
    context.error(
      `dropping a message that is not a request event: ${JSON.stringify(message)?.slice(0, 200)}`,
    );
    return;
  }
  const outcome = await notifyEvent(messageId, body, (await services()).notify);
  if (outcome.action === 'skipped') return;
  for (const { channel, reason } of outcome.gaveUp)
    context.error(`notification ${messageId} to ${channel} refused for good: ${reason}`);
  if (outcome.retryLater.length > 0)
    throw new Error(
      `notification ${messageId} not sent yet to ${outcome.retryLater.map((f) => `${f.channel} (${f.reason})`).join(', ')}`,
    );
  context.log(
    `notification ${messageId}: sent to ${outcome.sent.join(', ') || 'none'}; already sent to ${outcome.already.join(', ') || 'none'}`,
  );
};

registerFunction({
  kind: 'serviceBusTopic',
  name: 'notifyApprovers',
  topicName: EVENTS_TOPIC,
  subscriptionName: NOTIFICATIONS_SUBSCRIPTION,
  handler: notifyApproversHandler,
});
