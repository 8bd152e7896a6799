import type { ServiceBusSender } from '@azure/service-bus';
import type { Nudger } from '../../core/ports.js';
import { nudgeMessage } from './nudgeMessage.js';

/** Nudges through Service Bus; a message with a future `scheduledEnqueueTimeUtc` is scheduled by the broker. */
export const createServiceBusNudger = (sender: Pick<ServiceBusSender, 'sendMessages'>): Nudger => ({
  async nudge(nudge, at) {
    await sender.sendMessages(nudgeMessage(nudge, at));
  },
});
