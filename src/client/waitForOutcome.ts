import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import { TERMINAL_STATES } from '../core/requestState.js';
import { eventOfMessage } from './eventOfMessage.js';
import { OutcomeTimeoutError } from './outcomeTimeoutError.js';
import type { RequestEventMessage } from './requestEventSchema.js';

/** The events topic's name in every deployment (infra and the local host). */
export const EVENTS_TOPIC_NAME = 'identity-request-events';

/**
 * A receiver the caller owns on a subscription of the events topic, or a client the call opens one on.
 * Either way this consumes what the subscription holds: give each waiting service its own subscription.
 */
export type EventsVia =
  | { receiver: Pick<ServiceBusReceiver, 'subscribe'> }
  | { client: Pick<ServiceBusClient, 'createReceiver'>; subscription: string; topic?: string };

export interface WaitOptions {
  /** The submission's messageId (queue), or the `x-correlation-id` sent with it (HTTP). */
  correlationId: string;
  timeoutMs: number;
  /** Each distinct event of this request as it arrives, terminal one included; duplicates are not repeated. */
  onEvent?: (event: RequestEventMessage) => void;
}

/**
 * The first event whose state is terminal (CONTRACT.md, States) among those correlated to the submission.
 * Rejects with `OutcomeTimeoutError` when none comes in time, or when a correlated event breaks the contract.
 * `succeeded` is returned as the outcome even where a time-bound grant will later be `revoked`.
 */
export async function waitForOutcome(via: EventsVia, options: WaitOptions): Promise<RequestEventMessage> {
  if ('receiver' in via) return waitOn(via.receiver, options);
  const receiver = via.client.createReceiver(via.topic ?? EVENTS_TOPIC_NAME, via.subscription);
  try {
    return await waitOn(receiver, options);
  } finally {
    await receiver.close();
  }
}

function waitOn(
  receiver: Pick<ServiceBusReceiver, 'subscribe'>,
  { correlationId, timeoutMs, onEvent }: WaitOptions,
): Promise<RequestEventMessage> {
  return new Promise((resolve, reject) => {
    // Events are delivered at least once, possibly twice (docs/events.md): the messageId says which.
    const seen = new Set<string>();
    let settled = false;
    const finish = (end: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void subscription.close().finally(end);
    };
    const timer = setTimeout(
      () => finish(() => reject(new OutcomeTimeoutError(correlationId, timeoutMs))),
      timeoutMs,
    );
    const processMessage = (message: ServiceBusReceivedMessage): Promise<void> => {
      if (settled || message.correlationId !== correlationId) return Promise.resolve();
      const key = String(message.messageId);
      if (seen.has(key)) return Promise.resolve();
      seen.add(key);
      let event: RequestEventMessage;
      try {
        event = eventOfMessage(message, correlationId);
      } catch (e) {
        finish(() => reject(e as Error));
        return Promise.resolve();
      }
      onEvent?.(event);
      if (TERMINAL_STATES.has(event.body.state)) finish(() => resolve(event));
      return Promise.resolve();
    };
    const subscription = receiver.subscribe({
      processMessage,
      // Connection errors are retried by the SDK itself; the timeout bounds the wait.
      processError: () => Promise.resolve(),
    });
  });
}
