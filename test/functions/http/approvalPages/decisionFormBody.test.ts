import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { readDecisionForm } from '../../../../src/functions/http/approvalPages/decisionFormBody.js';

const FORM = 'application/x-www-form-urlencoded';
const posted = (body: string, type = FORM) =>
  readDecisionForm(
    new HttpRequest({
      method: 'POST',
      url: 'http://h/api/approvals/x/decision',
      headers: { 'content-type': type },
      body: { string: body },
    }),
  );

describe('the decision form body', () => {
  it('reads the decision, comment, version and token', async () => {
    expect(await posted('decision=approve&comment=ok+%3Cb%3E&version=7&token=t')).toEqual({
      ok: true,
      value: { decision: 'approve', comment: 'ok <b>', version: 7, token: 't' },
    });
  });

  it.each([
    ['decision=approve&version=7&extra=1', /Unrecognized key/],
    ['decision=approve&version=7&version=8', /version is given twice/],
    ['decision=maybe&version=7', /decision/],
    ['decision=approve&version=seven', /version: must be the version the page showed/],
    ['decision=approve', /version/],
    [`decision=approve&version=1&comment=${'x'.repeat(2001)}`, /at most 2000/],
    ['decision=approve&version=1&__proto__=1', /Unrecognized key/],
  ])('refuses %s with 400', async (body, message) => {
    const answer = await posted(body);
    expect(answer.ok ? 0 : answer.error.status).toBe(400);
    expect(answer.ok ? '' : answer.error.detail).toMatch(message);
  });

  it('refuses anything but a form post with 415', async () => {
    const answer = await posted('{"decision":"approve"}', 'application/json');
    expect(answer.ok ? 0 : answer.error.status).toBe(415);
  });
});
