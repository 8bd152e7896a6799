// End to end, as issue 8 asks: a signed ticket webhook makes a request through the ticket intake, and the
// ticket hears back at approval and at success; a redelivered webhook makes nothing new and posts nothing new.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jiraBody, jiraHeaders, serviceNowBody, serviceNowHeaders } from '../../dev/ticketWebhooks.js';
import { SERVICENOW_HEADER_DEFAULTS } from '../../src/ticketIntakeSettings.js';
import {
  type FakeTicketSystem,
  startFakeTicketSystem,
  type TicketCall,
} from '../support/fakeTicketSystem.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const AUDIENCE = 'api://7c6d5e4f-servicenow-oidc';
const SYS_ID = '4f3e2d1c0b0a09080706050403020100';
const ISSUE_ID = '10777';

let broker: TestBroker;
let servicenow: FakeTicketSystem;
let jira: FakeTicketSystem;
beforeAll(async () => {
  const now = () => broker.clock.now();
  [servicenow, jira] = await Promise.all([startFakeTicketSystem(now), startFakeTicketSystem(now)]);
  broker = await startTestBroker({
    settings: {
      SERVICENOW_INSTANCE_URL: servicenow.url,
      SERVICENOW_TOKEN_SCOPE: `${AUDIENCE}/.default`,
      JIRA_BASE_URL: jira.url,
      JIRA_USER_EMAIL: 'broker@contoso.com',
      JIRA_API_TOKEN: 'jira-api-token',
      JIRA_TRANSITIONS: JSON.stringify({ succeeded: '31' }),
      APPROVAL_PAGE_BASE_URL: 'https://broker.contoso.example',
    },
    notifyRetry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
  });
});
afterAll(async () => {
  await broker.close();
  await Promise.all([servicenow.close(), jira.close()]);
});
beforeEach(async () => {
  await broker.reset();
  servicenow.reset();
  jira.reset();
});
afterEach(() => expectLedgerMatchesArm(broker));

async function deliver(system: 'servicenow' | 'jira', body: string, headers: Record<string, string>) {
  const answer = await broker.host.http({ method: 'POST', url: `/api/tickets/${system}`, headers, body });
  return { status: answer.status, json: answer.body ? JSON.parse(answer.body) : undefined };
}

async function approveAndFinish(id: string): Promise<void> {
  await broker.run();
  expect((await broker.approve(id)).status).toBe(200);
  await broker.run();
  expect((await broker.get(id)).json.state).toBe('succeeded');
}

const firstLines = (calls: TicketCall[]) =>
  calls.map((c) => (c.body as { work_notes: string }).work_notes.split('\n')[0]);
const commentTitles = (calls: TicketCall[]) =>
  calls
    .filter((c) => c.path.endsWith('/comment'))
    .map(
      (c) =>
        (c.body as { body: { content: Array<{ content: Array<{ text: string }> }> } }).body.content[0]!
          .content[0]!.text,
    );
const LIFE = [
  'identity-broker: Approval needed (1 missing)',
  expect.stringMatching(/^identity-broker: Approved by /),
  'identity-broker: Done: every operation succeeded',
];

describe('a ticket round trip through the intake and the write-back', () => {
  it('ServiceNow: a signed webhook makes a request, the RITM gets a work note at approval and at success, and a redelivery adds none', async () => {
    const body = JSON.stringify(serviceNowBody({ number: 'RITM0077001', sysId: SYS_ID }));
    const headers = serviceNowHeaders(body, { now: broker.clock.now() });
    const made = await deliver('servicenow', body, headers);
    expect(made.status).toBe(202);
    await approveAndFinish(made.json.id);
    expect(servicenow.calls.map((c) => [c.method, c.path])).toEqual(
      LIFE.map(() => ['PATCH', `/api/now/table/sc_req_item/${SYS_ID}`]),
    );
    expect(firstLines(servicenow.calls)).toEqual(LIFE);
    const token = servicenow.calls[0]!.authorization!.replace(/^Bearer /, '');
    expect(broker.sandboxes.authority.verify(token)).toMatchObject({ ok: true, claims: { aud: AUDIENCE } });

    // The same delivery again (ServiceNow retried it), and the same RITM under a new delivery ID.
    const again = await deliver(
      'servicenow',
      body,
      serviceNowHeaders(body, {
        now: broker.clock.now(),
        deliveryId: headers[SERVICENOW_HEADER_DEFAULTS.SERVICENOW_DELIVERY_HEADER]!,
      }),
    );
    const resent = await deliver('servicenow', body, serviceNowHeaders(body, { now: broker.clock.now() }));
    expect([again.json.id, resent.json.id]).toEqual([made.json.id, made.json.id]);
    await broker.run();
    expect(servicenow.calls).toHaveLength(3);
  });

  it('Jira: a signed webhook makes a request, the issue gets a comment at approval and at success and its transition, and a redelivery adds none', async () => {
    const body = JSON.stringify(jiraBody({ id: ISSUE_ID, key: 'OPS-777' }));
    const headers = jiraHeaders(body);
    const made = await deliver('jira', body, headers);
    expect(made.status).toBe(202);
    await approveAndFinish(made.json.id);
    expect(commentTitles(jira.calls)).toEqual(LIFE);
    expect(jira.calls.map((c) => [c.method, c.path])).toEqual([
      ...LIFE.map(() => ['POST', `/rest/api/3/issue/${ISSUE_ID}/comment`]),
      ['POST', `/rest/api/3/issue/${ISSUE_ID}/transitions`],
    ]);
    const again = await deliver('jira', body, headers);
    expect(again.status).toBeLessThan(300);
    expect(again.json.id).toBe(made.json.id);
    await broker.run();
    expect(jira.calls).toHaveLength(4);
  });
});
