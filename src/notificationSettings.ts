type Env = Record<string, string | undefined>;

/** The channels approvers are told through; absent when none is configured. */
export interface NotificationSettings {
  teamsWebhookUrl?: string;
  slackWebhookUrl?: string;
  webhook?: { url: string; secret: string };
  /** The app's public origin: links go to `<base>/api/approvals/{id}` and `<base>/api/identity-requests/{id}`. */
  approvalPageBaseUrl: string;
}

const LOOPBACK = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/;

/** A setting that must be an https URL (http only on loopback, for local servers); trailing slashes dropped. */
export function url(env: Env, name: string, problems: string[]): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  let ok: boolean;
  try {
    ok = new URL(value).protocol === 'https:' || LOOPBACK.test(value);
  } catch {
    ok = false;
  }
  if (!ok) problems.push(`${name} must be an https URL (http only on loopback), not "${value}"`);
  return value.replace(/\/+$/, '');
}

/** Reads the NOTIFY_* settings and APPROVAL_PAGE_BASE_URL, naming every problem. */
export function readNotificationSettings(env: Env, problems: string[]): NotificationSettings | undefined {
  const teamsWebhookUrl = url(env, 'NOTIFY_TEAMS_WEBHOOK_URL', problems);
  const slackWebhookUrl = url(env, 'NOTIFY_SLACK_WEBHOOK_URL', problems);
  const webhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', problems);
  const secret = env.NOTIFY_WEBHOOK_SECRET;
  if (webhookUrl && !secret) problems.push('NOTIFY_WEBHOOK_SECRET is not set (NOTIFY_WEBHOOK_URL is)');
  if (secret && secret.length < 32) problems.push('NOTIFY_WEBHOOK_SECRET must be at least 32 characters');
  if (secret && !webhookUrl) problems.push('NOTIFY_WEBHOOK_URL is not set (NOTIFY_WEBHOOK_SECRET is)');
  const base = url(env, 'APPROVAL_PAGE_BASE_URL', problems);
  if (!teamsWebhookUrl && !slackWebhookUrl && !webhookUrl) return undefined;
  if (!base) {
    if (!env.APPROVAL_PAGE_BASE_URL)
      problems.push('APPROVAL_PAGE_BASE_URL is not set (a NOTIFY_* channel is)');
    return undefined;
  }
  return {
    ...(teamsWebhookUrl ? { teamsWebhookUrl } : {}),
    ...(slackWebhookUrl ? { slackWebhookUrl } : {}),
    ...(webhookUrl && secret ? { webhook: { url: webhookUrl, secret } } : {}),
    approvalPageBaseUrl: base,
  };
}
