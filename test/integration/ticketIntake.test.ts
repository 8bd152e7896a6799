import { TableClient } from '@azure/data-tables';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  SUBSCRIPTION_SCOPE,
} from '../../dev/armSandbox/seed.js';
import {
  DEV_JIRA_FIELDS,
  jiraBody,
  jiraHeaders,
  serviceNowBody,
  serviceNowHeaders,
  serviceNowSignature,
} from '../../dev/ticketWebhooks.js';
import {
  IDEMPOTENCY_TABLE,
  REQUESTS_TABLE,
  SUBMISSION_COUNTS_TABLE,
} from '../../src/adapters/tables/tableNames.js';
import { APPROVER, REQUESTER } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

/** Every row of the tables a delivery could write: requests, idempotency keys and the submission counts. */
async function storedRows(): Promise<number> {
  let rows = 0;
  for (const table of [REQUESTS_TABLE, IDEMPOTENCY_TABLE, SUBMISSION_COUNTS_TABLE]) {
    const client = TableClient.fromConnectionString(broker.azurite.connectionString, table, {
      allowInsecureConnection: true,
    });
    for await (const _ of client.listEntities()) rows += 1;
  }
  return rows;
}

/** Posts the exact bytes given, as the ticket system does, with no Easy Auth caller. */
async function post(system: 'servicenow' | 'jira', body: string, headers: Record<string, string>) {
  const answer = await broker.host.http({ method: 'POST', url: `/api/tickets/${system}`, headers, body });
  return {
    status: answer.status,
    headers: answer.headers,
    json: answer.body ? JSON.parse(answer.body) : undefined,
  };
}

const sendServiceNow = (body: string, options: Parameters<typeof serviceNowHeaders>[1] = {}) =>
  post('servicenow', body, serviceNowHeaders(body, { now: broker.clock.now(), ...options }));
const sendJira = (body: string, options: Parameters<typeof jiraHeaders>[1] = {}) =>
  post('jira', body, jiraHeaders(body, options));

const requestsOf = async () =>
  (await broker.call('GET', '/api/identity-requests', { as: APPROVER })).json.items as Array<{ id: string }>;

const SYS_ID = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe('POST /api/tickets/servicenow', () => {
  it('makes a request from a signed RITM: requested_for is the requester, the RITM the ticket, source servicenow', async () => {
    const body = JSON.stringify(serviceNowBody({ number: 'RITM0012345', sysId: SYS_ID }));
    const answer = await sendServiceNow(body);
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      state: 'awaitingApproval',
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      requestedBy: { id: REQUESTER.id },
      ticket: {
        system: 'servicenow',
        id: 'RITM0012345',
        url: `https://dev-broker.service-now.com/sc_req_item.do?sys_id=${SYS_ID}`,
      },
    });
    const stored = await broker.services.store.get(answer.json.id);
    expect(stored?.request.source).toBe('servicenow');
    expect(stored?.request.ticket).toEqual({
      system: 'servicenow',
      id: 'RITM0012345',
      url: `https://dev-broker.service-now.com/sc_req_item.do?sys_id=${SYS_ID}`,
      recordId: SYS_ID,
    });
    // The same use case as HTTP: planned, policy-checked, and the requester may not approve it.
    expect(answer.json.plan.steps.length).toBeGreaterThan(0);
    expect((await broker.approve(answer.json.id, REQUESTER)).status).toBe(403);
    expect((await broker.approve(answer.json.id, APPROVER)).status).toBe(200);
    await broker.run();
    expect((await broker.get(answer.json.id)).json.state).toBe('succeeded');
  });

  it('assembles one operation from discrete catalog variables', async () => {
    const body = JSON.stringify(
      serviceNowBody({
        variables: {
          target_resource_id: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
          operation_kind: 'assignRole',
          role: 'Reader',
          scope: SUBSCRIPTION_SCOPE,
          duration: 'PT8H',
          principal: '',
          justification: 'inventory runbook',
          unrelated_catalog_variable: 'kept by the catalog item, not read',
        },
      }),
    );
    const answer = await sendServiceNow(body);
    expect(answer.json.detail).toBeUndefined();
    expect(answer.status).toBe(202);
    expect(answer.json.operations).toEqual([
      {
        kind: 'assignRole',
        principal: 'systemAssigned',
        role: 'Reader',
        scope: SUBSCRIPTION_SCOPE,
        duration: 'PT8H',
      },
    ]);
  });

  it('answers a redelivery (the same delivery ID) 200 with the same request and stores nothing more', async () => {
    const body = JSON.stringify(serviceNowBody());
    const first = await sendServiceNow(body, { deliveryId: 'sn-delivery-1' });
    expect(first.status).toBe(202);
    const rows = await storedRows();
    broker.clock.advanceBy(60_000); // a retry a minute later is signed again, with its own timestamp
    const again = await sendServiceNow(body, { deliveryId: 'sn-delivery-1' });
    expect([again.status, again.json.id]).toEqual([200, first.json.id]);
    expect(await storedRows()).toBe(rows);
    expect(await requestsOf()).toHaveLength(1);
  });

  it('checks the signature on the bytes as sent: white space and escapes are not normalised away', async () => {
    const body = JSON.stringify(serviceNowBody(), null, 2).replace('Patching', 'P\\u0061tching') + '\n';
    const answer = await sendServiceNow(body);
    expect(answer.status).toBe(202);
    expect(answer.json.justification).toMatch(/^Patching runbook/);
  });

  it('answers a delivery ID seen before with its request, whatever the body says now', async () => {
    const first = await sendServiceNow(JSON.stringify(serviceNowBody()), { deliveryId: 'sn-delivery-2' });
    const other = await sendServiceNow(JSON.stringify(serviceNowBody()), { deliveryId: 'sn-delivery-2' });
    expect([other.status, other.json.id]).toEqual([200, first.json.id]);
    expect(await requestsOf()).toHaveLength(1);
  });

  it('makes one request per RITM: a replay under another delivery ID returns it, a changed RITM is 422', async () => {
    const ritm = serviceNowBody({ sysId: SYS_ID });
    const first = await sendServiceNow(JSON.stringify(ritm), { deliveryId: 'a' });
    const replay = await sendServiceNow(JSON.stringify(ritm), { deliveryId: 'b' });
    expect([replay.status, replay.json.id]).toEqual([200, first.json.id]);
    const changed = {
      ...ritm,
      variables: { ...(ritm.variables as object), justification: 'another reason' },
    };
    const refused = await sendServiceNow(JSON.stringify(changed), { deliveryId: 'c' });
    expect(refused.status).toBe(422);
    expect(refused.json.type).toBe('urn:identity-broker:problem:ticketAlreadySubmitted');
    expect(await requestsOf()).toHaveLength(1);
  });

  describe('answers 401 with nothing stored', () => {
    const body = JSON.stringify(serviceNowBody());
    const cases: Array<[string, () => Record<string, string>]> = [
      [
        'a bad signature',
        () => ({
          ...headers(),
          'x-servicenow-signature': serviceNowSignature('not-the-secret-but-as-long-as-one', stamp(), body),
        }),
      ],
      ['a missing signature', () => without(headers(), 'x-servicenow-signature')],
      ['a missing timestamp', () => without(headers(), 'x-servicenow-timestamp')],
      ['a timestamp over 5 minutes old', () => headers(-301_000)],
      ['a timestamp over 5 minutes ahead', () => headers(301_000)],
      [
        'a signature of another length',
        () => ({ ...headers(), 'x-servicenow-signature': headers()['x-servicenow-signature']!.slice(0, -2) }),
      ],
    ];
    const stamp = (skewMs = 0) => String(Math.floor((broker.clock.now().getTime() + skewMs) / 1000));
    const headers = (skewMs = 0) =>
      serviceNowHeaders(body, { now: new Date(broker.clock.now().getTime() + skewMs) });
    const without = (h: Record<string, string>, name: string) =>
      Object.fromEntries(Object.entries(h).filter(([k]) => k !== name));

    it.each(cases)('%s', async (_, headersOf) => {
      const answer = await post('servicenow', body, headersOf());
      expect(answer.status).toBe(401);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.json.type).toBe('urn:identity-broker:problem:invalidSignature');
      expect(await storedRows()).toBe(0);
    });

    it('a modified body (one byte after signing)', async () => {
      const signed = serviceNowHeaders(body, { now: broker.clock.now() });
      const answer = await post('servicenow', body.replace('RITM', 'RITN'), signed);
      expect(answer.status).toBe(401);
      expect(await storedRows()).toBe(0);
    });

    it('still within 5 minutes either way is accepted', async () => {
      expect((await post('servicenow', body, headers(-299_000))).status).toBe(202);
    });
  });

  it('refuses a requested_for that is a name, naming the field, with nothing stored', async () => {
    const body = JSON.stringify(serviceNowBody({ requestedFor: 'requester@contoso.com' }));
    const answer = await sendServiceNow(body);
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([
      {
        path: 'requested_for',
        message: "must be the requester's Entra object ID (a GUID), never a name or a UPN",
      },
    ]);
    expect(await storedRows()).toBe(0);
  });

  it('names each unmappable variable by its catalog name, with nothing stored', async () => {
    const body = JSON.stringify(
      serviceNowBody({
        variables: { target_resource_id: '/not/a/resource', operations_json: '[{"kind":"assignRole"}]' },
      }),
    );
    const answer = await sendServiceNow(body);
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        'variables.target_resource_id',
        'variables.justification',
        'variables.operations_json[0].role',
      ]),
    );
    expect(await storedRows()).toBe(0);
  });
});

describe('POST /api/tickets/jira', () => {
  it('makes a request from a signed jira:issue_created: the requester field, the issue key, ID and URL, source jira', async () => {
    const body = JSON.stringify(jiraBody({ id: '10042', key: 'OPS-42' }));
    const answer = await sendJira(body);
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      state: 'awaitingApproval',
      requestedBy: { id: REQUESTER.id },
      justification: 'Patching runbook needs an identity (from Jira)',
      ticket: { system: 'jira', id: 'OPS-42', url: 'https://dev-broker.atlassian.net/browse/OPS-42' },
    });
    const stored = await broker.services.store.get(answer.json.id);
    expect([stored?.request.source, stored?.request.ticket?.recordId]).toEqual(['jira', '10042']);
  });

  it('answers a redelivery 200, never 409, with the same request and nothing more stored', async () => {
    const body = JSON.stringify(jiraBody());
    const first = await sendJira(body, { deliveryId: 'jira-delivery-1' });
    expect(first.status).toBe(202);
    const rows = await storedRows();
    for (let i = 0; i < 2; i++) {
      const again = await sendJira(body, { deliveryId: 'jira-delivery-1' });
      expect([again.status, again.json.id]).toEqual([200, first.json.id]);
    }
    expect(await storedRows()).toBe(rows);
  });

  it('answers other events 200 "ignored" and stores nothing', async () => {
    const body = JSON.stringify(jiraBody({ webhookEvent: 'comment_created' }));
    const answer = await sendJira(body);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      status: 'ignored',
      reason: 'comment_created: only jira:issue_created makes a request',
    });
    expect(await storedRows()).toBe(0);
  });

  describe('answers 401 with nothing stored', () => {
    const body = JSON.stringify(jiraBody());
    it.each([
      ['a bad signature', { ...jiraHeaders(body, { secret: 'another-secret-that-is-long-enough!!' }) }],
      ['a missing signature', { 'content-type': 'application/json' }],
      ['a signature that is not sha256=<hex>', { ...jiraHeaders(body), 'x-hub-signature': 'sha1=abcdef' }],
      [
        'a truncated signature',
        { ...jiraHeaders(body), 'x-hub-signature': jiraHeaders(body)['x-hub-signature']!.slice(0, 40) },
      ],
    ])('%s', async (_, headers) => {
      const answer = await post('jira', body, headers);
      expect(answer.status).toBe(401);
      expect(await storedRows()).toBe(0);
    });

    it('a modified body', async () => {
      const answer = await post('jira', body.replace('OPS-', 'OPT-'), jiraHeaders(body));
      expect(answer.status).toBe(401);
      expect(await storedRows()).toBe(0);
    });
  });

  it('names the custom fields it cannot map, with nothing stored', async () => {
    const body = JSON.stringify(
      jiraBody({
        fields: {
          [DEV_JIRA_FIELDS.requester]: 'Requester Name',
          [DEV_JIRA_FIELDS.target]: AUTOMATION_ACCOUNT_PLAIN,
        },
      }),
    );
    const answer = await sendJira(body);
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining([
        `issue.fields.${DEV_JIRA_FIELDS.requester}`,
        `issue.fields.${DEV_JIRA_FIELDS.operations}`,
        `issue.fields.${DEV_JIRA_FIELDS.justification}`,
      ]),
    );
    expect(await storedRows()).toBe(0);
  });
});

describe('whatever a ticket system sends, signed', () => {
  const odd = [
    '',
    'null',
    '[]',
    '"RITM0012345"',
    '{',
    '{"number":1,"sys_id":[],"requested_for":{},"variables":"x"}',
    '{"webhookEvent":"jira:issue_created","issue":{"id":"1","key":"A-1","fields":null}}',
    '{"webhookEvent":"jira:issue_created","issue":{"id":"1","key":"A-1","fields":{"customfield_10102":{"type":"doc","content":[null,1,{"text":7}]}}}}',
    JSON.stringify({ ...serviceNowBody(), variables: { operations_json: '[' + '['.repeat(5000) } }),
    Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('latin1'),
    // A paragraph field nested as deep as 256 KiB allows (built as text: JSON.stringify would overflow first).
    JSON.stringify(jiraBody({ fields: { [DEV_JIRA_FIELDS.justification]: 'DEEP' } })).replace(
      '"DEEP"',
      '{"type":"doc","content":[' + '{"content":['.repeat(15_000) + ']}'.repeat(15_000) + ']}',
    ),
  ];
  it.each(odd.map((body, i) => [i, body]))(
    'body %i is answered 4xx or 2xx, never 5xx, and stores nothing',
    async (_, body) => {
      for (const system of ['servicenow', 'jira'] as const) {
        const headers =
          system === 'servicenow' ? serviceNowHeaders(body, { now: broker.clock.now() }) : jiraHeaders(body);
        const answer = await post(system, body, headers);
        expect([system, answer.status < 500]).toEqual([system, true]);
        if (answer.status >= 400) expect(answer.headers['content-type']).toBe('application/problem+json');
      }
      expect(await storedRows()).toBe(0);
    },
  );

  it('refuses a body over 256 KiB with 413 before checking anything', async () => {
    const body = JSON.stringify({ ...serviceNowBody(), padding: 'x'.repeat(300 * 1024) });
    expect((await sendServiceNow(body)).status).toBe(413);
    expect((await sendJira(body)).status).toBe(413);
  });
});
