import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { verifySignature } from '../../src/adapters/notifications/webhookSignature.js';
import {
  EVENTS_TOPIC,
  NOTIFICATION_RETRIES_QUEUE,
  NOTIFICATIONS_SUBSCRIPTION,
} from '../../src/adapters/serviceBus/queueNames.js';
import { type RecordingWebhook, startRecordingWebhook } from '../support/recordingWebhook.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const SECRET = 'notification-secret-of-at-least-32-chars';
const BASE = 'https://broker.contoso.example';
const LIFE = ['approvalRequested', 'requestApproved', 'requestSucceeded'];

let broker: TestBroker;
let teams: RecordingWebhook;
let slack: RecordingWebhook;
let webhook: RecordingWebhook;
beforeAll(async () => {
  [teams, slack, webhook] = await Promise.all([
    startRecordingWebhook(),
    startRecordingWebhook(),
    startRecordingWebhook(),
  ]);
  broker = await startTestBroker({
    settings: {
      NOTIFY_TEAMS_WEBHOOK_URL: teams.url,
      NOTIFY_SLACK_WEBHOOK_URL: slack.url,
      NOTIFY_WEBHOOK_URL: webhook.url,
      NOTIFY_WEBHOOK_SECRET: SECRET,
      APPROVAL_PAGE_BASE_URL: BASE,
    },
    notifyRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(async () => {
  await broker.close();
  await Promise.all([teams.close(), slack.close(), webhook.close()]);
});
beforeEach(async () => {
  await broker.reset();
  for (const hook of [teams, slack, webhook]) {
    hook.calls.length = 0;
    hook.answers.length = 0;
    delete hook.alwaysStatus;
  }
});

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook needs an identity',
};

async function liveOneRequest(): Promise<string> {
  const submitted = await broker.submit(body);
  expect(submitted.status).toBe(202);
  const id: string = submitted.json.id;
  await broker.run(); // approvers are told before anyone decides
  expect((await broker.approve(id)).status).toBe(200);
  await broker.run();
  expect((await broker.get(id)).json.state).toBe('succeeded');
  return id;
}

const webhookEvents = () =>
  (webhook.accepted() as Array<{ notice: { event: string } }>).map((n) => n.notice.event);
const slackHeadlines = () =>
  (slack.accepted() as Array<{ blocks: Array<{ text: { text: string } }> }>).map(
    (m) => m.blocks[0]!.text.text,
  );
const teamsLinks = () =>
  (teams.accepted() as Array<{ attachments: Array<{ content: { actions: Array<{ url: string }> } }> }>).map(
    (m) => m.attachments[0]!.content.actions.map((a) => a.url),
  );

describe('approvers told through Teams, Slack and a signed webhook', () => {
  it('reaches each webhook once per event, also when the first attempt fails', async () => {
    teams.answers.push({ status: 500 });
    const id = await liveOneRequest();
    expect(teams.calls.map((c) => c.status)).toEqual([500, 200, 200, 200]);
    expect(teamsLinks()).toEqual(
      LIFE.map(() => [`${BASE}/api/approvals/${id}`, `${BASE}/api/identity-requests/${id}`]),
    );
    expect(slackHeadlines()).toEqual([
      'Approval needed (1 missing)',
      expect.stringContaining('Approved by'),
      'Done: every operation succeeded',
    ]);
    expect(webhookEvents()).toEqual(LIFE);
  });

  it('signs the generic webhook so the receiver can verify it', async () => {
    await liveOneRequest();
    expect(webhook.calls).toHaveLength(3);
    for (const call of webhook.calls)
      expect(
        verifySignature({
          secret: SECRET,
          timestamp: call.headers['x-broker-timestamp'] as string,
          body: call.body,
          signature: call.headers['x-broker-signature'] as string,
        }),
      ).toBe(true);
  });

  it('sends a channel that failed every attempt on its scheduled retry, and no other channel twice', async () => {
    slack.answers.push({ status: 503 }, { status: 503 }, { status: 503 });
    await liveOneRequest();
    expect(slack.calls.map((c) => c.status)).toEqual([503, 503, 503, 200, 200, 200]);
    expect(slackHeadlines()).toHaveLength(3);
    expect(teams.calls).toHaveLength(3);
    expect(webhookEvents()).toEqual(LIFE);
  });

  it('sends nothing twice when Service Bus delivers an event again', async () => {
    broker.bus.faults.redeliverCompletedOnce = true;
    await liveOneRequest();
    expect([teams.calls.length, slack.calls.length, webhook.calls.length]).toEqual([3, 3, 3]);
  });

  it('a channel that keeps failing leaves the request and the other channels alone', async () => {
    teams.alwaysStatus = 500;
    const id = await liveOneRequest();
    expect((await broker.get(id)).json).toMatchObject({ state: 'succeeded', error: null });
    expect(webhookEvents()).toEqual(LIFE);
    expect(slackHeadlines()).toHaveLength(3);
    // Each event is tried 3 times on its delivery and on each of its 8 scheduled retries (about an hour),
    // then given up, logged as an error; the subscription's own deliveries are not spent on it.
    expect(teams.calls).toHaveLength(3 * (1 + 8) * 3);
    expect(broker.bus.deadLetters(`${EVENTS_TOPIC}/Subscriptions/${NOTIFICATIONS_SUBSCRIPTION}`)).toEqual([]);
    expect(broker.bus.deadLetters(NOTIFICATION_RETRIES_QUEUE)).toEqual([]);
    expect(
      broker.logs.filter((l) => /to teams given up after its last retry: HTTP 500/.test(l)),
    ).toHaveLength(3);
  });
});
