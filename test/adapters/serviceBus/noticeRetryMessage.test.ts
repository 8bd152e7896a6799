import { describe, expect, it } from 'vitest';
import { noticeRetryMessage, parseNoticeRetry } from '../../../src/adapters/serviceBus/noticeRetryMessage.js';
import type { NoticeRetry } from '../../../src/core/notifications/redelivery.js';

const retry: NoticeRetry = {
  eventId: 'ffff00000000aaaaaaaaaaaa-2',
  channel: 'servicenow',
  retry: 3,
  event: {
    type: 'approvalRequested',
    requestId: 'ffff00000000aaaaaaaaaaaa',
    state: 'awaitingApproval',
    target: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa',
    ticket: { system: 'servicenow', id: 'RITM1', recordId: 'abc' },
    at: '2026-12-02T09:00:00.000Z',
  },
};
const AT = new Date('2026-12-02T09:02:00.000Z');

describe('the notification retry message', () => {
  it('is scheduled for its time, with one message ID per event, channel and retry', () => {
    const message = noticeRetryMessage(retry, AT);
    expect(message).toMatchObject({
      messageId: 'ffff00000000aaaaaaaaaaaa-2.servicenow.3',
      subject: 'noticeRetry',
      contentType: 'application/json',
      scheduledEnqueueTimeUtc: AT,
    });
    expect(noticeRetryMessage({ ...retry, retry: 4 }, AT).messageId).not.toBe(message.messageId);
  });

  it('parses back to the retry it carries, the event as it came', () => {
    const body = JSON.parse(JSON.stringify(noticeRetryMessage(retry, AT).body)) as unknown;
    expect(parseNoticeRetry(body)).toEqual(retry);
  });

  it('names what is wrong with a body that is not a retry', () => {
    expect(parseNoticeRetry({ v: 1, eventId: 'x', channel: '', retry: 0, event: {} })).toEqual({
      invalid: expect.stringContaining('eventId'),
    });
    expect(parseNoticeRetry('nope')).toHaveProperty('invalid');
  });
});
