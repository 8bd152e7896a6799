import type { ServiceBusSender } from '@azure/service-bus';
import type { NoticeRetryScheduler } from '../../core/notifications/redelivery.js';
import { noticeRetryMessage } from './noticeRetryMessage.js';

/** Retries on the notification-retries queue, each enqueued by Service Bus at its time. */
export const createServiceBusNoticeRetryScheduler = (
  sender: Pick<ServiceBusSender, 'sendMessages'>,
): NoticeRetryScheduler => ({
  async schedule(retry, at) {
    await sender.sendMessages(noticeRetryMessage(retry, at));
  },
});
