import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import type { Caller } from '../../src/core/caller.js';
import { APPROVER, REQUESTER, STRANGER, easyAuthHeaders } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
beforeEach(() => broker.reset());

const TOKEN = 'k'.repeat(43);
const FORM = 'application/x-www-form-urlencoded';

/** A page call through the host, as the worker hands it over; the body stays text (HTML, not JSON). */
const page = (
  method: string,
  url: string,
  as: Caller | null,
  headers: Record<string, string> = {},
  body?: string,
) =>
  broker.host.http({
    method,
    url,
    headers: { ...(as ? easyAuthHeaders(as) : {}), ...headers },
    ...(body === undefined ? {} : { body }),
  });

/** The decision form as the browser posts it from the broker's own page. */
const decide = (id: string, as: Caller, fields: string, headers: Record<string, string> = {}) =>
  page(
    'POST',
    `/api/approvals/${id}/decision`,
    as,
    { 'content-type': FORM, 'sec-fetch-site': 'same-origin', cookie: `broker-form=${TOKEN}`, ...headers },
    `${fields}&token=${TOKEN}`,
  );

const submitted = async () => {
  const answer = await broker.submit({
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    justification: 'runbook identity',
  });
  return { id: answer.json.id as string, version: Number(JSON.parse(answer.json.etag)) };
};

const title = (body: string) => /<h1>([^<]*)<\/h1>/.exec(body)?.[1]?.trim();

describe('the approval pages answer every refusal with a page and its status', () => {
  it('sends the security headers on every answer, refusals included', async () => {
    for (const answer of [
      await page('GET', '/api/approvals', APPROVER),
      await page('GET', '/api/approvals/ffffffffffffffffffffffff', APPROVER),
      await page('GET', '/api/approvals', null),
    ]) {
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
      expect([answer.headers['x-content-type-options'], answer.headers['cache-control']]).toEqual([
        'nosniff',
        'no-store',
      ]);
    }
  });

  it('asks a caller with no identity to sign in (401), and hides a request the caller may not see (404)', async () => {
    const anonymous = await page('GET', '/api/approvals', null);
    expect([anonymous.status, title(anonymous.body)]).toEqual([401, 'Authentication required']);
    expect(anonymous.body).toContain('href="/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fapprovals"');
    const { id } = await submitted();
    const hidden = await page('GET', `/api/approvals/${id}`, STRANGER);
    const unknown = await page('GET', '/api/approvals/not-an-id', STRANGER);
    const missing = await page('GET', '/api/approvals/ffffffffffffffffffffffff', STRANGER);
    // The same bytes whether the ID is malformed, unknown or not the caller's: a 404 tells nothing.
    expect([hidden.status, unknown.status, missing.status]).toEqual([404, 404, 404]);
    expect([unknown.body, missing.body]).toEqual([hidden.body, hidden.body]);
  });

  it('refuses the requester (403), a JSON body (415), a form without origin (403) and unknown fields (400), changing nothing', async () => {
    const { id, version } = await submitted();
    const own = await decide(id, REQUESTER, `decision=approve&version=${version}`);
    expect([own.status, own.body]).toEqual([
      403,
      expect.stringContaining('you cannot approve your own request'),
    ]);
    const json = await decide(id, APPROVER, '', { 'content-type': 'application/json' });
    const noOrigin = await decide(id, APPROVER, `decision=approve&version=${version}`, {
      'sec-fetch-site': '',
    });
    const extra = await decide(id, APPROVER, `decision=approve&version=${version}&approver=me`);
    expect([json.status, noOrigin.status, extra.status]).toEqual([415, 403, 400]);
    expect((await broker.get(id)).json.decisions).toEqual([]);
  });

  it('decides with 303 back to the page, then answers a second decision 409', async () => {
    const { id, version } = await submitted();
    const approved = await decide(id, APPROVER, `decision=approve&version=${version}&comment=fine`);
    expect([approved.status, approved.headers.location]).toEqual([
      303,
      `/api/approvals/${id}?decided=approved`,
    ]);
    const again = await decide(
      id,
      APPROVER,
      `decision=reject&version=${version + 1}&comment=changed+my+mind`,
    );
    expect([again.status, title(again.body)]).toEqual([409, 'The request is approved']);
    const view = (await broker.get(id)).json;
    expect([view.state, view.decisions.map((d: { comment: string }) => d.comment)]).toEqual([
      'approved',
      ['fine'],
    ]);
  });
});
