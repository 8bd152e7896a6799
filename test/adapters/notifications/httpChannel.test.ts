import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpChannel } from '../../../src/adapters/notifications/httpChannel.js';
import { verifySignature } from '../../../src/adapters/notifications/webhookSignature.js';
import type { Notice } from '../../../src/core/notifications/notice.js';
import { type RecordingWebhook, startRecordingWebhook } from '../../support/recordingWebhook.js';

const notice: Notice = {
  eventId: 'ffff00000000aaaaaaaaaaaa-2',
  event: 'approvalRequested',
  requestId: 'ffff00000000aaaaaaaaaaaa',
  version: 2,
  state: 'awaitingApproval',
  headline: 'Approval needed (2 missing)',
  target: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa',
  requestedBy: 'requester@contoso.com',
  source: 'http',
  justification: 'runbook <b>needs</b> *secrets*',
  operations: ['assignRole Key Vault Secrets User at /subscriptions/s/resourceGroups/rg to systemAssigned'],
  roles: [
    {
      change: 'assign',
      role: 'Key Vault Secrets User',
      scope: '/subscriptions/s/resourceGroups/rg',
      principal: 'systemAssigned',
      until: 'PT8H',
    },
  ],
  warnings: ['consider a narrower scope'],
  reasons: ['scopes[0] (/subscriptions/s): 2 approvers'],
  approvals: { required: 2, received: 0, missing: 2 },
  links: {
    page: 'https://broker.example/api/approvals/ffff00000000aaaaaaaaaaaa',
    api: 'https://broker.example/api/identity-requests/ffff00000000aaaaaaaaaaaa',
  },
  at: '2026-11-23T09:00:00.000Z',
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payloads are asserted field by field
type Json = Record<string, any>;
const NOW = new Date('2026-11-23T09:00:05.000Z');
const clock = { now: () => NOW };

let hook: RecordingWebhook;
beforeAll(async () => {
  hook = await startRecordingWebhook();
});
afterAll(() => hook.close());
beforeEach(() => {
  hook.calls.length = 0;
  hook.answers.length = 0;
  delete hook.alwaysStatus;
});

describe('a Teams incoming webhook', () => {
  it('receives an Adaptive Card in a message attachment, with the deep links as actions', async () => {
    const teams = createHttpChannel({ name: 'teams', format: 'teams', url: hook.url, clock });
    expect(await teams.send(notice)).toEqual({ ok: true });
    const [message] = hook.accepted() as Array<{ type: string; attachments: Array<Json> }>;
    expect(message?.type).toBe('message');
    const attachment = message!.attachments[0]!;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(attachment.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open the approval page', url: notice.links.page },
      { type: 'Action.OpenUrl', title: 'View in the API', url: notice.links.api },
    ]);
    const text = JSON.stringify(attachment.content.body);
    for (const part of [
      'Approval needed',
      'Key Vault Secrets User',
      'consider a narrower scope',
      '2 of 2 approvals missing',
    ])
      expect(text).toContain(part);
  });
});

describe('a Slack incoming webhook', () => {
  it('receives Block Kit blocks with a fallback text, user text escaped for mrkdwn', async () => {
    const slack = createHttpChannel({ name: 'slack', format: 'slack', url: hook.url, clock });
    expect(await slack.send(notice)).toEqual({ ok: true });
    const [message] = hook.accepted() as Array<{ text: string; blocks: Array<Json> }>;
    expect(message?.text).toContain('Approval needed');
    expect(message!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(message!.blocks[3]!.elements.map((e: { url: string }) => e.url)).toEqual([
      notice.links.page,
      notice.links.api,
    ]);
    expect(JSON.stringify(message!.blocks)).toContain('runbook &lt;b&gt;needs&lt;/b&gt;');
  });
});

describe('the generic webhook', () => {
  const secret = 'a-long-shared-secret-of-32-chars!';

  it('receives the notice as JSON, signed with HMAC-SHA256 over timestamp and body', async () => {
    const webhook = createHttpChannel({ name: 'webhook', format: 'webhook', url: hook.url, secret, clock });
    expect(await webhook.send(notice)).toEqual({ ok: true });
    const [call] = hook.calls;
    const timestamp = call!.headers['x-broker-timestamp'] as string;
    expect(timestamp).toBe(String(NOW.getTime() / 1000));
    expect(call!.headers['x-broker-delivery']).toBe(`${notice.eventId}.webhook`);
    expect(call!.headers['x-broker-event']).toBe('approvalRequested');
    const expected = createHmac('sha256', secret).update(`${timestamp}.${call!.body}`).digest('hex');
    expect(call!.headers['x-broker-signature']).toBe(`sha256=${expected}`);
    expect(verifySignature({ secret, timestamp, body: call!.body, signature: `sha256=${expected}` })).toBe(
      true,
    );
    expect(
      verifySignature({ secret, timestamp, body: `${call!.body} `, signature: `sha256=${expected}` }),
    ).toBe(false);
    expect(JSON.parse(call!.body)).toEqual({ version: 1, notice });
  });
});

describe('what a refusal means', () => {
  const channel = () => createHttpChannel({ name: 'slack', format: 'slack', url: hook.url, clock });
  it('5xx and 429 may pass, with Retry-After in milliseconds', async () => {
    hook.answers.push({ status: 500 }, { status: 429, headers: { 'retry-after': '3' } });
    expect(await channel().send(notice)).toEqual({ ok: false, retryable: true, reason: 'HTTP 500' });
    expect(await channel().send(notice)).toEqual({
      ok: false,
      retryable: true,
      reason: 'HTTP 429',
      retryAfterMs: 3000,
    });
  });
  it('another 4xx will not', async () => {
    hook.answers.push({ status: 404 });
    expect(await channel().send(notice)).toEqual({ ok: false, retryable: false, reason: 'HTTP 404' });
  });
  it('an unreachable receiver may come back', async () => {
    const gone = createHttpChannel({ name: 'slack', format: 'slack', url: 'http://127.0.0.1:1/hook', clock });
    expect(await gone.send(notice)).toMatchObject({ ok: false, retryable: true });
  });
});
