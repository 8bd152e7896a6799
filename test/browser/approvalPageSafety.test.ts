import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, RG_COMPUTE, VM_PLAIN } from '../../dev/armSandbox/seed.js';
import { LOCAL_POLICY } from '../../dev/localPolicy.js';
import { type Browser, closeServer, launchChromium, serveOverHttp, sessionOf } from '../support/browser.js';
import { APPROVER, GROUP_APPROVER } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
beforeAll(async () => {
  [broker, browser] = await Promise.all([
    startTestBroker({
      policy: { ...LOCAL_POLICY, version: 2, scopes: [{ scope: '/' }, { scope: RG_COMPUTE, quorum: 2 }] },
    }),
    launchChromium(),
  ]);
  site = await serveOverHttp(broker);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await broker?.close();
});
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

const submitted = async (overrides: Record<string, unknown> = {}) => {
  const answer = await broker.submit({
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    justification: 'runbook identity',
    ...overrides,
  });
  expect([answer.status, answer.json.state]).toEqual([202, 'awaitingApproval']);
  return { id: answer.json.id as string, version: Number(JSON.parse(answer.json.etag)) };
};

/**
 * Another site the approver happens to open in the same browser: it answers one page that posts an
 * approval to the broker at once. It also keeps the cookies the browser sends it: cookies are not kept
 * apart by port, so a page on another port of the broker's own host learns the broker's form token.
 */
async function startAttacker(host: string, form: (cookie: string) => Record<string, string>, action: string) {
  const tokensSeen: string[] = [];
  const server: Server = createServer((req, res) => {
    const token = /broker-form=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
    tokensSeen.push(token);
    const fields = Object.entries(form(token))
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
      .join('');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><form method="post" action="${action}">${fields}</form>
<script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}/`,
    tokensSeen,
    close: () => closeServer(server),
  };
}

describe('the approval pages refuse what is not theirs', () => {
  it('shows a request field holding <script> as text and runs none of it', async () => {
    const payload = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">';
    const { id } = await submitted({
      justification: `needs it ${payload}`,
      ticket: { system: 'jira', id: '<b>OPS-1</b>' },
    });
    const context = await sessionOf(browser, APPROVER);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void dialogs.push(d.message()));
    const answer = await page.goto(`${site.url}/api/approvals/${id}`);
    expect(answer?.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(await page.locator('#justification').innerText()).toBe(`needs it ${payload}`);
    expect(await page.getByText('<b>OPS-1</b>').count()).toBe(1);
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    await page.goto(`${site.url}/api/approvals`);
    expect(await page.getByText(`needs it`).count()).toBe(0); // the list shows no justification
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });

  for (const [attackerHost, kind] of [
    ['127.0.0.1', 'same-site page on another port (which even knows the form token)'],
    ['localhost', 'cross-site page'],
  ] as const)
    it(`refuses a form post from a ${kind}, and nothing changes`, async () => {
      const { id, version } = await submitted();
      const context = await sessionOf(browser, APPROVER);
      const page = await context.newPage();
      await page.goto(`${site.url}/api/approvals/${id}`); // the approver has the page open: the cookie is set
      const attacker = await startAttacker(
        attackerHost,
        (token) => ({ decision: 'approve', version: String(version), token, comment: 'forged' }),
        `${site.url}/api/approvals/${id}/decision`,
      );
      const posted = page.waitForResponse((r) => r.request().method() === 'POST');
      await page.goto(attacker.url);
      const refused = await posted;
      expect(refused.status()).toBe(403);
      await page.waitForURL(`**/api/approvals/${id}/decision`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
        'This form was not sent from the approval page',
      );
      const after = (await broker.get(id)).json;
      expect([after.state, after.etag, after.decisions]).toEqual(['awaitingApproval', `"${version}"`, []]);
      // The same host's cookie reaches any of its ports: only the origin check stands in the way there.
      expect(attacker.tokensSeen.map((t) => t.length)).toEqual([attackerHost === '127.0.0.1' ? 43 : 0]);
      await attacker.close();
      await context.close();
    });

  it('answers a decision on a page gone stale with 412, a reload link and the comment typed, and records nothing', async () => {
    const { id } = await submitted({ target: VM_PLAIN });
    const context = await sessionOf(browser, APPROVER);
    const page = await context.newPage();
    await page.goto(`${site.url}/api/approvals/${id}`);
    expect((await broker.approve(id, GROUP_APPROVER, { comment: 'first' })).status).toBe(200);
    await page.getByLabel('Comment').fill('looks fine to me');
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Approve' }).click();
    expect((await posted).status()).toBe(412);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(
      'This request changed since you opened it',
    );
    expect(await page.locator('pre').innerText()).toBe('looks fine to me');
    expect((await broker.get(id)).json.decisions.map((d: { by: { id: string } }) => d.by.id)).toEqual([
      GROUP_APPROVER.id,
    ]);
    await page.getByRole('link', { name: 'Reload the request' }).click();
    expect(await page.locator('#approvals-count').innerText()).toBe('1 of 2 approvals, 1 approval missing.');
    await context.close();
  });
});
