import { describe, expect, it } from 'vitest';
import { type JiraFieldMap, mapJiraDelivery } from '../../../src/core/tickets/jiraTicket.js';

const AA =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-a/providers/Microsoft.Automation/automationAccounts/aa-one';
const SCOPE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-data';
const OID = '3f9c1d7e-2b4a-4c61-9e8f-5a1b2c3d4e5f';
const BASE = 'https://contoso.atlassian.net';
const FIELDS: JiraFieldMap = {
  requester: 'customfield_10100',
  target: 'customfield_10101',
  operations: 'customfield_10102',
  justification: 'description',
  operationKind: 'customfield_10110',
  role: 'customfield_10111',
  scope: 'customfield_10112',
};
const CREATED = { on: 'created' } as const;

const webhook = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  timestamp: 1764000000000,
  webhookEvent: 'jira:issue_created',
  user: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
  issue: {
    id: '10042',
    key: 'OPS-42',
    self: `${BASE}/rest/api/2/issue/10042`,
    fields: { summary: 's', ...fields },
  },
  ...extra,
});
const full = {
  customfield_10100: OID,
  customfield_10101: AA,
  customfield_10102: '[{"kind":"enableSystemAssignedIdentity"}]',
  description: 'runbook needs it',
};

describe('mapJiraDelivery', () => {
  it('maps an issue_created: the requester field, the key, ID and browse URL', () => {
    expect(mapJiraDelivery(webhook(full), FIELDS, CREATED, BASE)).toEqual({
      ok: true,
      value: {
        kind: 'request',
        ticket: {
          requester: { id: OID },
          draft: {
            target: AA,
            operations: [{ kind: 'enableSystemAssignedIdentity' }],
            justification: 'runbook needs it',
            ticket: { system: 'jira', id: 'OPS-42', url: `${BASE}/browse/OPS-42`, recordId: '10042' },
          },
        },
      },
    });
  });

  it('reads select lists ({ value }) and Atlassian Document Format paragraphs as text', () => {
    const adf = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'first line' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'second ' },
            { type: 'text', text: 'line' },
          ],
        },
      ],
    };
    const result = mapJiraDelivery(
      webhook({
        ...full,
        customfield_10102: null,
        customfield_10110: { self: 'x', value: 'assignRole', id: '1' },
        customfield_10111: 'Reader',
        customfield_10112: SCOPE,
        description: adf,
      }),
      FIELDS,
      CREATED,
      BASE,
    );
    expect(result.ok && result.value.kind === 'request' && result.value.ticket.draft).toMatchObject({
      operations: [{ kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: SCOPE }],
      justification: 'first line\nsecond line\n',
    });
  });

  it('ignores every event but issue_created, and issue_created itself when an intake status is set', () => {
    for (const event of ['jira:issue_updated', 'jira:issue_deleted', 'comment_created'])
      expect(mapJiraDelivery(webhook(full, { webhookEvent: event }), FIELDS, CREATED, BASE)).toMatchObject({
        ok: true,
        value: { kind: 'ignored' },
      });
    expect(mapJiraDelivery(webhook(full), FIELDS, { on: 'status', status: 'Ready' }, BASE)).toMatchObject({
      ok: true,
      value: {
        kind: 'ignored',
        reason: 'jira:issue_created: only jira:issue_updated into status "Ready" makes a request',
      },
    });
  });

  it('ignores an event without an issue or with an unreadable one, when the event makes no request', () => {
    expect(
      mapJiraDelivery({ webhookEvent: 'project_created', project: {} }, FIELDS, CREATED, BASE),
    ).toMatchObject({ ok: true, value: { kind: 'ignored' } });
  });

  it('makes a request of an update into the intake status (by name, any case, or by ID), not of other updates', () => {
    const moved = (to: string, toString: string, field = 'status') =>
      webhook(full, {
        webhookEvent: 'jira:issue_updated',
        changelog: { items: [{ field, fieldtype: 'jira', from: '1', fromString: 'Open', to, toString }] },
      });
    const status = { on: 'status', status: 'Ready for broker' } as const;
    expect(mapJiraDelivery(moved('10001', 'ready for BROKER'), FIELDS, status, BASE)).toMatchObject({
      value: { kind: 'request' },
    });
    expect(
      mapJiraDelivery(moved('10001', 'x'), FIELDS, { on: 'status', status: '10001' }, BASE),
    ).toMatchObject({ value: { kind: 'request' } });
    expect(mapJiraDelivery(moved('3', 'In Progress'), FIELDS, status, BASE)).toMatchObject({
      value: { kind: 'ignored' },
    });
    expect(
      mapJiraDelivery(moved('10001', 'Ready for broker', 'resolution'), FIELDS, status, BASE),
    ).toMatchObject({ value: { kind: 'ignored' } });
  });

  it.each([
    ['a display name', 'Jane Doe'],
    ['an Atlassian account ID', '5b10ac8d82e05b22cc7d4ef5'],
    ['a user picker', { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Jane' }],
    ['nothing', null],
  ])('refuses a requester that is %s, naming the custom field', (_, requester) => {
    const result = mapJiraDelivery(webhook({ ...full, customfield_10100: requester }), FIELDS, CREATED, BASE);
    expect(result.ok ? [] : result.error.errors.map((e) => e.path)).toEqual([
      'issue.fields.customfield_10100',
    ]);
  });

  it('names every field at fault at once', () => {
    const result = mapJiraDelivery(
      webhook({
        customfield_10100: 'Jane',
        customfield_10101: 'aa-one',
        customfield_10102: '[{"kind":"x"}]',
      }),
      FIELDS,
      CREATED,
      BASE,
    );
    expect(result.ok ? [] : result.error.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'issue.fields.customfield_10100',
        'issue.fields.customfield_10101',
        'issue.fields.customfield_10102[0].kind',
        'issue.fields.description',
      ]),
    );
  });

  it('refuses an issue without a usable key or ID, and a body without webhookEvent', () => {
    const result = mapJiraDelivery(
      webhook(full, { issue: { id: 'x', key: 'ops 42', fields: {} } }),
      FIELDS,
      CREATED,
      BASE,
    );
    expect(result.ok ? [] : result.error.errors.map((e) => e.path)).toEqual(['issue.id', 'issue.key']);
    expect(mapJiraDelivery({ issue: {} }, FIELDS, CREATED, BASE).ok).toBe(false);
  });
});
