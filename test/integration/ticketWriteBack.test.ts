import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, AUTOMATION_ACCOUNT_WITH_IDENTITIES } from '../../dev/armSandbox/seed.js';
import { LOCAL_POLICY } from '../../dev/localPolicy.js';
import {
  EVENTS_TOPIC,
  NOTIFICATION_RETRIES_QUEUE,
  TICKET_WRITE_BACK_SUBSCRIPTION,
} from '../../src/adapters/serviceBus/queueNames.js';
import type { Ticket } from '../../src/core/identityRequest.js';
import type { PolicyDocument } from '../../src/core/policy/policyDocument.js';
import { submitRequest } from '../../src/core/useCases/submitRequest.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import {
  type FakeTicketSystem,
  startFakeTicketSystem,
  type TicketCall,
} from '../support/fakeTicketSystem.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const BASE = 'https://broker.contoso.example';
const AUDIENCE = 'api://5b1f0c3e-servicenow-oidc';
const SYS_ID = '9d2a6b1ce3f04a5b8c7d6e5f4a3b2c1d';
const ISSUE_ID = '10042';
const SNOW_TICKET: Ticket = {
  system: 'servicenow',
  id: 'RITM0012345',
  url: 'https://x/ritm',
  recordId: SYS_ID,
};
const JIRA_TICKET: Ticket = {
  system: 'jira',
  id: 'OPS-42',
  url: 'https://x/browse/OPS-42',
  recordId: ISSUE_ID,
};

/** One approver; identity operations on aa-reporting need none (an auto-approved request). */
const POLICY: PolicyDocument = {
  ...LOCAL_POLICY,
  version: 2,
  scopes: [{ scope: '/' }],
  autoApprove: [{ kind: 'identityOperations', targets: AUTOMATION_ACCOUNT_WITH_IDENTITIES }],
};

let broker: TestBroker;
let servicenow: FakeTicketSystem;
let jira: FakeTicketSystem;
const now = () => broker.clock.now();
beforeAll(async () => {
  [servicenow, jira] = await Promise.all([startFakeTicketSystem(now), startFakeTicketSystem(now)]);
  broker = await startTestBroker({
    policy: POLICY,
    settings: {
      SERVICENOW_INSTANCE_URL: servicenow.url,
      SERVICENOW_TOKEN_SCOPE: `${AUDIENCE}/.default`,
      JIRA_BASE_URL: jira.url,
      JIRA_USER_EMAIL: 'broker@contoso.com',
      JIRA_API_TOKEN: 'jira-api-token',
      JIRA_TRANSITIONS: JSON.stringify({ succeeded: '31', rejected: '41' }),
      APPROVAL_PAGE_BASE_URL: BASE,
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

/** A request as the ticket intake stores it: its source and the ticket with the system's record key. */
async function fromTicket(ticket: Ticket, target = AUTOMATION_ACCOUNT_PLAIN): Promise<string> {
  const submitted = await submitRequest(
    {
      draft: {
        target,
        operations: [{ kind: 'enableSystemAssignedIdentity' }],
        justification: 'runbook needs an identity [code]<img src=x onerror=alert(1)>[/code]',
        ticket,
      },
      requester: { id: REQUESTER.id, name: 'requester@contoso.com' },
      source: ticket.system as 'servicenow' | 'jira',
    },
    broker.services,
  );
  if (!submitted.ok) throw new Error(JSON.stringify(submitted.error));
  return submitted.value.request.id;
}

async function approveAndFinish(id: string): Promise<void> {
  await broker.run();
  expect((await broker.approve(id)).status).toBe(200);
  await broker.run();
  expect((await broker.get(id)).json.state).toBe('succeeded');
}

const notes = (calls: TicketCall[]) => calls.map((c) => (c.body as { work_notes: string }).work_notes);
const headlines = (calls: TicketCall[]) => notes(calls).map((n) => n.split('\n')[0]);
const adfTitles = (calls: TicketCall[]) =>
  calls
    .filter((c) => c.path.endsWith('/comment'))
    .map(
      (c) =>
        (c.body as { body: { content: Array<{ content: Array<{ text: string }> }> } }).body.content[0]!
          .content[0]!.text,
    );

describe('ServiceNow work notes', () => {
  it('notes the RITM when it waits, at approval and at success, with a managed-identity token for the configured audience', async () => {
    const id = await fromTicket(SNOW_TICKET);
    await approveAndFinish(id);
    expect(servicenow.calls.map((c) => [c.method, c.path, c.status])).toEqual(
      Array.from({ length: 3 }, () => ['PATCH', `/api/now/table/sc_req_item/${SYS_ID}`, 200]),
    );
    expect(headlines(servicenow.calls)).toEqual([
      'identity-broker: Approval needed (1 missing)',
      expect.stringMatching(/^identity-broker: Approved by /),
      'identity-broker: Done: every operation succeeded',
    ]);
    for (const call of servicenow.calls) {
      expect(call.authorization).toMatch(/^Bearer /);
      const verified = broker.sandboxes.authority.verify(call.authorization!.slice('Bearer '.length));
      expect(verified).toMatchObject({ ok: true, claims: { aud: AUDIENCE } });
    }
    expect(notes(servicenow.calls)[2]).toContain(`${BASE}/api/approvals/${id}`);
    expect(jira.calls).toEqual([]);
  });

  it('defuses [code] in request text, so a work note cannot carry HTML', async () => {
    await approveAndFinish(await fromTicket(SNOW_TICKET));
    for (const note of notes(servicenow.calls)) {
      expect(note).not.toMatch(/\[\s*\/?\s*code\s*\]/i);
      expect(note).toContain('[\u200bcode]<img src=x onerror=alert(1)>[\u200b/code]');
    }
  });

  it('a ServiceNow that answers 500 twice gets its note on the third try, exactly once', async () => {
    const id = await fromTicket(SNOW_TICKET);
    servicenow.answers.push(500, 500);
    await approveAndFinish(id);
    expect(servicenow.calls.map((c) => c.status)).toEqual([500, 500, 200, 200, 200]);
    expect(headlines(servicenow.accepted())).toHaveLength(3);
    expect(new Set(headlines(servicenow.accepted())).size).toBe(3);
  });

  it('an event delivered again posts no second note', async () => {
    broker.bus.faults.redeliverCompletedOnce = true;
    await approveAndFinish(await fromTicket(SNOW_TICKET));
    expect(servicenow.calls).toHaveLength(3);
  });

  it('notes an auto-approved request at its approval and its end', async () => {
    await fromTicket(SNOW_TICKET, AUTOMATION_ACCOUNT_WITH_IDENTITIES);
    await broker.run();
    expect(headlines(servicenow.calls)).toEqual([
      'identity-broker: Approved by policy: no person needs to decide',
      'identity-broker: Done: every operation succeeded',
    ]);
    expect(notes(servicenow.calls)[0]).toContain('- autoApprove[0]: identity operations on targets under');
  });

  it('never writes to a ticket an HTTP caller merely named', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'names a ticket it does not own',
      ticket: { system: 'servicenow', id: 'RITM0012345' },
    });
    expect(submitted.status).toBe(202);
    await approveAndFinish(submitted.json.id);
    expect(servicenow.calls).toEqual([]);
  });

  it('a ServiceNow that is down leaves the request to succeed, and gets each note once it is back, later and later', async () => {
    const start = now().getTime();
    const back = start + 20 * 60_000;
    servicenow.down = (at) => (at.getTime() < back ? 503 : undefined);
    const id = await fromTicket(SNOW_TICKET);
    await approveAndFinish(id);
    expect((await broker.get(id)).json).toMatchObject({ state: 'succeeded', error: null });
    // Each event's note arrives once, after the system came back.
    const accepted = servicenow.accepted();
    expect(headlines(accepted)).toEqual([
      'identity-broker: Approval needed (1 missing)',
      expect.stringMatching(/^identity-broker: Approved by /),
      'identity-broker: Done: every operation succeeded',
    ]);
    for (const call of accepted) expect(call.at.getTime()).toBeGreaterThanOrEqual(back);
    // The first event's tries: 3 attempts per delivery, each delivery later than the one before.
    const first = servicenow.calls.filter((c) =>
      notes([c])[0]!.startsWith('identity-broker: Approval needed'),
    );
    const times = [...new Set(first.map((c) => c.at.getTime()))];
    const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
    expect(gaps.slice(0, 5)).toEqual([30, 60, 120, 240, 480]);
    expect(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]!)).toBe(true);
    expect(first.length).toBeLessThanOrEqual(3 * 9);
    // Nothing spent the subscription's deliveries or reached a dead-letter queue.
    expect(broker.bus.deadLetters(`${EVENTS_TOPIC}/Subscriptions/${TICKET_WRITE_BACK_SUBSCRIPTION}`)).toEqual(
      [],
    );
    expect(broker.bus.deadLetters(NOTIFICATION_RETRIES_QUEUE)).toEqual([]);
  });
});

describe('Jira comments and transitions', () => {
  it('comments on the issue (ADF, REST v3, basic auth) when it waits, at approval and at success, and moves it through the configured transition', async () => {
    await approveAndFinish(await fromTicket(JIRA_TICKET));
    expect(jira.calls.map((c) => [c.method, c.path, c.status])).toEqual([
      ['POST', `/rest/api/3/issue/${ISSUE_ID}/comment`, 201],
      ['POST', `/rest/api/3/issue/${ISSUE_ID}/comment`, 201],
      ['POST', `/rest/api/3/issue/${ISSUE_ID}/comment`, 201],
      ['POST', `/rest/api/3/issue/${ISSUE_ID}/transitions`, 204],
    ]);
    expect(jira.calls[3]!.body).toEqual({ transition: { id: '31' } });
    expect(adfTitles(jira.calls)).toEqual([
      'identity-broker: Approval needed (1 missing)',
      expect.stringMatching(/^identity-broker: Approved by /),
      'identity-broker: Done: every operation succeeded',
    ]);
    const basic = `Basic ${Buffer.from('broker@contoso.com:jira-api-token').toString('base64')}`;
    expect(jira.calls.every((c) => c.authorization === basic)).toBe(true);
    expect(servicenow.calls).toEqual([]);
  });

  it('a rejected request gets its comment and the rejection transition', async () => {
    const id = await fromTicket(JIRA_TICKET);
    await broker.run();
    const rejected = await broker.call('POST', `/api/identity-requests/${id}/reject`, {
      as: APPROVER,
      body: { comment: 'not this one' },
    });
    expect(rejected.status).toBe(200);
    await broker.run();
    expect(adfTitles(jira.calls)).toEqual([
      'identity-broker: Approval needed (1 missing)',
      expect.stringMatching(/^identity-broker: Rejected by /),
    ]);
    expect(jira.calls.filter((c) => c.path.endsWith('/transitions')).map((c) => c.body)).toEqual([
      { transition: { id: '41' } },
    ]);
  });

  it('a transition Jira refuses (400: not available from this status) is given up and leaves the comments alone', async () => {
    const id = await fromTicket(JIRA_TICKET);
    jira.answers.push(201, 201, 201, 400);
    await approveAndFinish(id);
    expect(jira.calls.map((c) => c.status)).toEqual([201, 201, 201, 400]);
    expect(broker.logs.some((l) => /to jira-transition refused for good: HTTP 400/.test(l))).toBe(true);
  });

  it('a Jira that answers 500 twice gets its comment on the third try, exactly once', async () => {
    const id = await fromTicket(JIRA_TICKET);
    jira.answers.push(500, 500);
    await approveAndFinish(id);
    expect(jira.calls.map((c) => c.status)).toEqual([500, 500, 201, 201, 201, 204]);
  });
});
