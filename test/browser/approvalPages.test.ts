import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  RG_COMPUTE,
  SUBSCRIPTION_SCOPE,
  UAI_RUNBOOKS,
  VM_PLAIN,
} from '../../dev/armSandbox/seed.js';
import { LOCAL_POLICY } from '../../dev/localPolicy.js';
import { type Browser, launchChromium, serveOverHttp, sessionOf } from '../support/browser.js';
import { APPROVER, GROUP_APPROVER } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

const SCREENSHOTS = 'test-output/screenshots';
const PHONE = { width: 390, height: 844 };

let broker: TestBroker;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
beforeAll(async () => {
  [broker, browser] = await Promise.all([
    // Targets in the compute resource group need two approvers: the quorum story below.
    startTestBroker({
      policy: { ...LOCAL_POLICY, version: 2, scopes: [{ scope: '/' }, { scope: RG_COMPUTE, quorum: 2 }] },
    }),
    launchChromium(),
  ]);
  site = await serveOverHttp(broker);
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await broker?.close();
});
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

/** Turn on the system identity, attach a user-assigned one, and a broad grant that earns a warning. */
const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [
    { kind: 'enableSystemAssignedIdentity' },
    { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    {
      kind: 'assignRole',
      principal: 'systemAssigned',
      role: 'Contributor',
      scope: SUBSCRIPTION_SCOPE,
      duration: 'PT8H',
    },
  ],
  justification: 'Nightly patching runbook manages the subscription',
  ticket: {
    system: 'servicenow',
    id: 'RITM0012345',
    url: 'https://contoso.service-now.com/ritm/RITM0012345',
  },
};

const submitted = async (request: unknown = body): Promise<string> => {
  const answer = await broker.submit(request);
  expect([answer.status, answer.json.state]).toEqual([202, 'awaitingApproval']);
  return answer.json.id as string;
};

describe('an approver in Chromium', () => {
  it('opens the list, opens a request, sees the plan diff and its warning, approves by keyboard, and sees who approved and when', async () => {
    const id = await submitted();
    const context = await sessionOf(browser, APPROVER);
    const page = await context.newPage();
    const list = await page.goto(`${site.url}/api/approvals`);
    expect(list?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Pending requests');
    const entry = page.getByRole('listitem').filter({ hasText: 'aa-patching' }).first();
    expect(await entry.innerText()).toMatch(
      /requester@contoso\.com[\s\S]*1 approval missing[\s\S]*you can decide/,
    );
    expect(await entry.innerText()).toContain('Grant Contributor on');
    await page.screenshot({ path: `${SCREENSHOTS}/approval-list-laptop.png`, fullPage: true });

    await entry.getByRole('link', { name: 'aa-patching' }).click();
    await page.waitForURL(`**/api/approvals/${id}`);
    const identity = page.getByRole('table').filter({ has: page.getByText('Identity of aa-patching') });
    const rowText = async (name: string) =>
      (await identity.getByRole('row').filter({ hasText: name }).innerText()).replace(/\s+/g, ' ').trim();
    expect(await rowText('System-assigned identity')).toMatch(/off on turned on$/);
    expect(await rowText(UAI_RUNBOOKS.id)).toMatch(/— attached attached$/);
    const grants = page.getByRole('table').filter({ has: page.getByText('Role assignments') });
    expect((await grants.innerText()).replace(/\s+/g, ' ')).toMatch(
      /Grant Contributor .* for PT8H from when it is granted/,
    );
    const warnings = page.getByRole('region', { name: /Warnings/ });
    expect(await warnings.innerText()).toMatch(/Contributor/);
    expect(await page.getByRole('region', { name: /^Policy/ }).innerText()).toMatch(/approver/i);
    await page.screenshot({ path: `${SCREENSHOTS}/approval-detail-laptop.png`, fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: `${SCREENSHOTS}/approval-detail-phone.png`, fullPage: true });
    await page.goto(`${site.url}/api/approvals`);
    await page.screenshot({ path: `${SCREENSHOTS}/approval-list-phone.png`, fullPage: true });
    await page.goBack();

    // Keyboard only: into the comment, Tab to Approve, Enter.
    await page.getByLabel('Comment').focus();
    await page.keyboard.type('ok for the patching runbook');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Approve');
    // Where the keyboard is must be visible: the focus ring of the stylesheet, not the browser's faint default.
    const ring = 'const s = getComputedStyle(document.activeElement); `${s.outlineStyle} ${s.outlineWidth}`';
    expect(await page.evaluate(ring)).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/api/approvals/${id}?decided=approved`);
    expect(await page.locator('#confirmation').innerText()).toBe('Your approval is recorded.');
    expect(await page.locator('#state').innerText()).toBe('Approved');
    const stored = (await broker.get(id)).json;
    const decision = stored.decisions[0];
    expect([stored.state, decision.by.id, decision.comment]).toEqual([
      'approved',
      APPROVER.id,
      'ok for the patching runbook',
    ]);
    expect(await page.locator('#decisions').innerText()).toBe(
      `Approved by approver@contoso.com (${APPROVER.id}) at ${decision.at.slice(0, 16).replace('T', ' ')} UTC (version ${decision.version}): “ok for the patching runbook”`,
    );
    expect(await page.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    await broker.run();
    await page.reload();
    expect(['Succeeded', 'Revoked']).toContain(await page.locator('#state').innerText());
    expect(await page.locator('#history').innerText()).toMatch(/requestApproved[\s\S]*requestSucceeded/);
    await context.close();
  });

  it('rejects: first without a reason (asked for one, nothing changes), then with one', async () => {
    const id = await submitted();
    const context = await sessionOf(browser, APPROVER);
    const page = await context.newPage();
    await page.goto(`${site.url}/api/approvals/${id}`);
    const posts: number[] = [];
    page.on('response', (r) => void (r.request().method() === 'POST' && posts.push(r.status())));
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.getByRole('alert').waitFor();
    expect(posts).toEqual([400]);
    expect(await page.getByRole('alert').innerText()).toMatch(/a rejection needs a comment/);
    expect((await broker.get(id)).json.state).toBe('awaitingApproval');
    await page.getByLabel('Comment').fill('Contributor on the whole subscription is too broad');
    await page.getByRole('button', { name: 'Reject' }).click();
    await page.waitForURL(`**/api/approvals/${id}?decided=rejected`);
    expect(await page.locator('#state').innerText()).toBe('Rejected');
    expect(await page.locator('#decisions').innerText()).toMatch(
      /^Rejected by approver@contoso\.com .*too broad”$/,
    );
    expect((await broker.get(id)).json.state).toBe('rejected');
    await broker.run();
    expect(broker.armCalls(writes)).toEqual([]);
    await context.close();
  });

  it('shows "1 approval missing" after the first of a quorum of 2, and the second approver approves it', async () => {
    const id = await submitted({
      target: VM_PLAIN,
      operations: [{ kind: 'enableSystemAssignedIdentity' }],
      justification: 'build agent identity',
    });
    for (const [caller, missing, state] of [
      [APPROVER, '1 approval missing', 'Awaiting approval'],
      [GROUP_APPROVER, undefined, 'Approved'],
    ] as const) {
      const context = await sessionOf(browser, caller);
      const page = await context.newPage();
      await page.goto(`${site.url}/api/approvals/${id}`);
      if (missing)
        expect(await page.locator('#approvals-count').innerText()).toMatch(
          /^0 of 2 approvals, 2 approvals missing/,
        );
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(`**/api/approvals/${id}?decided=approved`);
      expect(await page.locator('#state').innerText()).toBe(state);
      if (missing) {
        expect(await page.locator('#approvals-count').innerText()).toBe(
          '1 of 2 approvals, 1 approval missing.',
        );
        await page.goto(`${site.url}/api/approvals`);
        expect(
          await page.getByRole('listitem').filter({ hasText: 'vm-build-01' }).first().innerText(),
        ).toContain('1 approval missing');
      }
      await context.close();
    }
    expect((await broker.get(id)).json.decisions.map((d: { by: { id: string } }) => d.by.id)).toEqual([
      APPROVER.id,
      GROUP_APPROVER.id,
    ]);
  });
});
