import type { ServiceBusSender } from '@azure/service-bus';
import type { RejectedMessageSink } from '../../core/rejectedMessageSink.js';
import { rejectedMessage } from './rejectedMessage.js';

/** Keeps refused intake messages on the `identity-requests-rejected` queue; a failed send throws. */
export function createServiceBusRejectedMessageSink(
  sender: Pick<ServiceBusSender, 'sendMessages'>,
): RejectedMessageSink {
  return {
    async keep(message) {
      await sender.sendMessages(rejectedMessage(message));
    },
  };
}
