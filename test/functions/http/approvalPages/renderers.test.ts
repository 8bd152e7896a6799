import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../../src/core/caller.js';
import type { RequestAccess } from '../../../../src/core/useCases/requestAccess.js';
import { approvalDetail } from '../../../../src/functions/http/approvalPages/approvalDetail.js';
import { approvalList } from '../../../../src/functions/http/approvalPages/approvalList.js';
import { errorPage } from '../../../../src/functions/http/approvalPages/errorPage.js';
import { requestOf } from '../../../fakes/requestBuilder.js';

const APPROVER: Caller = {
  id: 'a9b8c7d6-0000-4000-8000-0000000000a1',
  name: 'approver@contoso.com',
  roles: [],
  groups: [],
};
const NOW = new Date('2026-11-23T12:30:00.000Z');
const TOKEN = 'T'.repeat(43);

const access = (overrides: Partial<RequestAccess> = {}): RequestAccess => ({
  isRequester: false,
  isApprover: true,
  approvesAnything: true,
  decision: { decision: 'approvalRequired', reasons: ['a person approves'], approvers: [APPROVER.id] },
  ...overrides,
});

const detail = (request = requestOf(), who = access()) =>
  approvalDetail({ request, history: [], caller: APPROVER, access: who, now: NOW, token: TOKEN }).toString();

describe('the approval detail page', () => {
  it('is a whole page: language, viewport, one inline stylesheet and no script', () => {
    const page = detail();
    expect(page).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).not.toMatch(/<script|<link|<img|\son\w+=/i);
  });

  it('escapes what the requester wrote and links only web URLs', () => {
    const page = detail(
      requestOf({
        justification: '<script>alert(1)</script>',
        ticket: { system: 'jira', id: 'OPS-1', url: 'javascript:alert(1)' },
        requestedBy: { id: 'r-1', name: '"><img src=x onerror=alert(1)>' },
      }),
    );
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('href="javascript');
    expect(page).toContain('jira OPS-1 <span class="id">(javascript:alert(1))</span>');
  });

  it('offers the form to an approver, bound to the version shown and the token, with a labelled comment', () => {
    const page = detail(requestOf({ version: 9 }));
    expect(page).toContain('<input type="hidden" name="version" value="9" />');
    expect(page).toContain(`<input type="hidden" name="token" value="${TOKEN}" />`);
    expect(page).toMatch(/<label for="comment">Comment<\/label>\s*<textarea\s+id="comment"/);
    expect(page).toMatch(/value="approve">Approve<\/button>[\s\S]*value="reject">Reject<\/button>/);
  });

  it.each([
    [access({ isRequester: true }), 'You asked for this request'],
    [access({ isApprover: false }), 'Policy does not name you as an approver for every scope'],
  ])('shows no form, and says why, to %j', (who, why) => {
    const page = detail(requestOf(), who);
    expect(page).not.toContain('<form');
    expect(page).toContain(why);
  });

  it('puts the warnings in plain sight, before the details', () => {
    const page = detail(requestOf({ plan: { ...requestOf().plan, warnings: ['Contributor is broad <b>'] } }));
    expect(page.indexOf('Warnings (1)')).toBeLessThan(page.indexOf('summary-heading'));
    expect(page).toContain('<li>Contributor is broad &lt;b&gt;</li>');
  });

  it('counts approvals against the larger of the quorum at submission and now', () => {
    const now = access({ decision: { decision: 'approvalRequired', reasons: [], approvers: [], quorum: 3 } });
    const page = detail(
      requestOf({
        decisions: [
          {
            decision: 'approved',
            by: { id: 'x', name: 'first@contoso.com' },
            at: '2026-11-23T10:00:00.000Z',
            version: 3,
          },
        ],
      }),
      now,
    );
    expect(page).toMatch(/<strong>1 of 3<\/strong> approvals, <strong>2 approvals missing<\/strong>/);
    expect(page).toMatch(
      /Approved<\/strong> by first@contoso\.com <span class="id">\(x\)<\/span> at <time datetime="2026-11-23T10:00:00.000Z">2026-11-23 10:00 UTC<\/time>/,
    );
  });
});

describe('the pending list', () => {
  it('shows requester, target, operations, age, approvals missing and the reasons of each', () => {
    const request = requestOf({
      policy: {
        decision: 'approvalRequired',
        reasons: ['scopes[0] (/): 2 approvals'],
        approvers: [],
        quorum: 2,
      },
    });
    const page = approvalList({
      items: [{ request, access: access() }],
      caller: APPROVER,
      now: NOW,
      approvesAnything: true,
    }).toString();
    expect(page).toContain(`href="/api/approvals/${request.id}"`);
    expect(page).toContain('requester@contoso.com <span class="id">(Requester-Object-Id)</span>');
    expect(page).toContain('3 h 30 min ago');
    expect(page).toContain('<strong>2 approvals missing</strong>');
    expect(page).toContain('Turn on the system-assigned identity');
    expect(page).toContain('<li>scopes[0] (/): 2 approvals</li>');
  });

  it('says so when nothing waits, and links older requests with the token escaped', () => {
    const page = approvalList({
      items: [],
      caller: APPROVER,
      now: NOW,
      approvesAnything: false,
      continuationToken: 'a&b"',
    }).toString();
    expect(page).toContain('Nothing is waiting for a decision.');
    expect(page).toContain('your own requests');
    expect(page).toContain('href="/api/approvals?continuationToken=a%26b%22"');
  });
});

describe('an error page', () => {
  it('escapes what it is given back and offers a way on', () => {
    const page = errorPage({
      title: 'Changed',
      kept: { label: 'Your comment', text: '</pre><script>x</script>' },
    }).toString();
    expect(page).toContain('<pre>&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</pre>');
    expect(page).toContain('<a id="next" href="/api/approvals">All pending requests</a>');
  });
});
