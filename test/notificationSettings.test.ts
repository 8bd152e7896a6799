import { describe, expect, it } from 'vitest';
import { readNotificationSettings } from '../src/notificationSettings.js';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readNotificationSettings(env, problems), problems };
};
const SECRET = 'x'.repeat(32);

describe('notification settings', () => {
  it('configures nothing when no channel is set', () => {
    expect(read({})).toEqual({ settings: undefined, problems: [] });
  });
  it('reads every channel and the base URL', () => {
    expect(
      read({
        NOTIFY_TEAMS_WEBHOOK_URL: 'https://contoso.webhook.office.com/x',
        NOTIFY_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/C',
        NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9000/hook',
        NOTIFY_WEBHOOK_SECRET: SECRET,
        APPROVAL_PAGE_BASE_URL: 'https://broker.contoso.com/',
      }).settings,
    ).toEqual({
      teamsWebhookUrl: 'https://contoso.webhook.office.com/x',
      slackWebhookUrl: 'https://hooks.slack.com/services/T/B/C',
      webhook: { url: 'http://127.0.0.1:9000/hook', secret: SECRET },
      approvalPageBaseUrl: 'https://broker.contoso.com',
    });
  });
  it('names every problem at once', () => {
    expect(
      read({
        NOTIFY_SLACK_WEBHOOK_URL: 'http://hooks.slack.com/x',
        NOTIFY_WEBHOOK_URL: 'https://h/x',
        NOTIFY_WEBHOOK_SECRET: 'short',
      }).problems,
    ).toEqual([
      'NOTIFY_SLACK_WEBHOOK_URL must be an https URL (http only on loopback), not "http://hooks.slack.com/x"',
      'NOTIFY_WEBHOOK_SECRET must be at least 32 characters',
      'APPROVAL_PAGE_BASE_URL is not set (a NOTIFY_* channel is)',
    ]);
    expect(read({ NOTIFY_WEBHOOK_URL: 'https://h/x' }).problems).toContain(
      'NOTIFY_WEBHOOK_SECRET is not set (NOTIFY_WEBHOOK_URL is)',
    );
  });
});
