import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import {
  createJiraCommentChannel,
  createJiraTransitionChannel,
} from '../../../src/adapters/tickets/jiraWriteBack.js';
import { jiraWikiText } from '../../../src/adapters/tickets/jiraBodies.js';
import { createServiceNowChannel } from '../../../src/adapters/tickets/serviceNowWorkNote.js';
import type { Notice } from '../../../src/core/notifications/notice.js';
import { type FakeTicketSystem, startFakeTicketSystem } from '../../support/fakeTicketSystem.js';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const clock = { now: () => NOW };
const notice = (overrides: Partial<Notice> = {}): Notice => ({
  eventId: 'ffff00000000aaaaaaaaaaaa-4',
  event: 'requestSucceeded',
  requestId: 'ffff00000000aaaaaaaaaaaa',
  version: 4,
  state: 'succeeded',
  headline: 'Done: every operation succeeded',
  target: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa',
  requestedBy: 'requester@contoso.com',
  justification:
    'needs {html}<script>alert(1)</script>{html} and [a link|https://evil.example] *now*\nh1. Heading',
  source: 'jira',
  ticket: 'jira OPS-7',
  ticketRecord: { system: 'jira', id: 'OPS-7', recordId: '10007' },
  operations: ['enableSystemAssignedIdentity'],
  roles: [],
  warnings: [],
  reasons: ['scopes[0] (/): one approver'],
  approvals: { required: 1, received: 1, missing: 0 },
  links: {
    page: 'https://broker.example/api/approvals/ffff00000000aaaaaaaaaaaa',
    api: 'https://broker.example/x',
  },
  at: NOW.toISOString(),
  ...overrides,
});

let fake: FakeTicketSystem;
beforeAll(async () => {
  fake = await startFakeTicketSystem(() => NOW);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const dataCenter = () => ({
  settings: {
    baseUrl: fake.url,
    deployment: 'dataCenter' as const,
    authorization: 'Bearer pat-123',
    transitions: { succeeded: '31' },
  },
  clock,
});

describe('Jira Data Center', () => {
  it('comments through REST v2 with wiki text and the personal access token', async () => {
    expect(await createJiraCommentChannel(dataCenter()).send(notice())).toEqual({ ok: true });
    expect(fake.calls.map((c) => [c.method, c.path, c.authorization])).toEqual([
      ['POST', '/rest/api/2/issue/10007/comment', 'Bearer pat-123'],
    ]);
    const body = (fake.calls[0]!.body as { body: string }).body;
    expect(body.split('\n')[0]).toBe('*identity\\-broker: Done: every operation succeeded*');
    expect(body).toContain(
      'Justification: needs \\{html\\}<script>alert(1)</script>\\{html\\} and \\[a link\\|https://evil.example\\] \\*now\\* h1. Heading',
    );
    expect(body.split('\n').at(-1)).toBe(
      '[Open the request|https://broker.example/api/approvals/ffff00000000aaaaaaaaaaaa]',
    );
  });

  it('escapes every character wiki markup reads, and folds line breaks so no line can start a heading or a list', () => {
    expect(jiraWikiText('a\\b*c_d?e+f^g~h|i!j#k{l}m[n]o-p')).toBe(
      'a\\\\b\\*c\\_d\\?e\\+f\\^g\\~h\\|i\\!j\\#k\\{l\\}m\\[n\\]o\\-p',
    );
    expect(jiraWikiText('x\r\n* item\nh1. title')).toBe('x \\* item h1. title');
  });

  it('moves the issue through the transition configured for the state an event leaves, and takes no other event', async () => {
    const channel = createJiraTransitionChannel(dataCenter())!;
    expect(await channel.send(notice())).toEqual({ ok: true });
    expect(fake.calls.map((c) => [c.path, c.body])).toEqual([
      ['/rest/api/2/issue/10007/transitions', { transition: { id: '31' } }],
    ]);
    const request = { source: 'jira', ticket: { system: 'jira', id: 'OPS-7', recordId: '10007' } };
    expect(channel.takes('requestSucceeded', request as never)).toBe(true);
    expect(channel.takes('requestFailed', request as never)).toBe(false);
    expect(
      createJiraTransitionChannel({
        ...dataCenter(),
        settings: { ...dataCenter().settings, transitions: {} },
      }),
    ).toBeUndefined();
  });
});

describe('Jira Cloud', () => {
  it('puts request text only in ADF text nodes, none of them empty', async () => {
    const cloud = { ...dataCenter(), settings: { ...dataCenter().settings, deployment: 'cloud' as const } };
    await createJiraCommentChannel(cloud).send(notice({ warnings: [''] }));
    expect(fake.calls[0]!.path).toBe('/rest/api/3/issue/10007/comment');
    const texts: string[] = [];
    const links: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (typeof node !== 'object' || node === null) return;
      const n = node as {
        type?: string;
        text?: string;
        marks?: Array<{ type: string; attrs?: { href: string } }>;
      };
      if (n.type === 'text') {
        texts.push(n.text!);
        for (const m of n.marks ?? []) if (m.type === 'link') links.push(m.attrs!.href);
      }
      Object.values(node).forEach(walk);
    };
    walk((fake.calls[0]!.body as { body: unknown }).body);
    expect(texts.every((t) => t.length > 0)).toBe(true);
    expect(texts).toContain(notice().justification);
    expect(links).toEqual([notice().links.page]);
  });
});

describe('ServiceNow', () => {
  const settings = (auth: Parameters<typeof createServiceNowChannel>[0]['settings']['auth']) => ({
    settings: { instanceUrl: fake.url, auth },
    clock,
  });
  const noCredential: TokenCredential = {
    getToken: async () => {
      throw new Error('IMDS unreachable');
    },
  };
  const snow = notice({
    source: 'servicenow',
    ticketRecord: { system: 'servicenow', id: 'RITM1', recordId: 'abc123' },
  });

  it('sends basic credentials when configured so, and never asks the managed identity', async () => {
    const channel = createServiceNowChannel({
      ...settings({ kind: 'basic', username: 'svc-broker', password: 'p@ss' }),
      credential: noCredential,
    });
    expect(await channel.send(snow)).toEqual({ ok: true });
    expect(fake.calls.map((c) => [c.method, c.path, c.authorization])).toEqual([
      [
        'PATCH',
        '/api/now/table/sc_req_item/abc123',
        `Basic ${Buffer.from('svc-broker:p@ss').toString('base64')}`,
      ],
    ]);
  });

  it('a token that cannot be had is retryable, and nothing is sent', async () => {
    const channel = createServiceNowChannel({
      ...settings({ kind: 'managedIdentity', scope: 'api://snow/.default' }),
      credential: noCredential,
    });
    expect(await channel.send(snow)).toEqual({
      ok: false,
      retryable: true,
      reason: 'no credential: IMDS unreachable',
    });
    expect(fake.calls).toEqual([]);
  });

  it('a 429 may pass later; a 403 will not', async () => {
    const channel = createServiceNowChannel({
      ...settings({ kind: 'basic', username: 'u', password: 'p' }),
      credential: noCredential,
    });
    fake.answers.push(403);
    expect(await channel.send(snow)).toEqual({ ok: false, retryable: false, reason: 'HTTP 403' });
    fake.answers.push(429);
    expect(await channel.send(snow)).toMatchObject({ ok: false, retryable: true, reason: 'HTTP 429' });
  });
});
