import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import {
  checkFormToken,
  checkSameOrigin,
  formToken,
  tokenCookieName,
} from '../../../../src/functions/http/approvalPages/crossSiteGuard.js';

const TOKEN = 'A'.repeat(43);
const post = (url: string, headers: Record<string, string>) =>
  new HttpRequest({ method: 'POST', url, headers });
const BROKER = 'https://broker.example/api/approvals/x/decision';

describe('the same-origin check of a form post', () => {
  it.each([
    [{ 'sec-fetch-site': 'same-origin' }, true],
    [{ 'sec-fetch-site': 'same-site', origin: 'https://broker.example' }, false],
    [{ 'sec-fetch-site': 'cross-site' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    // No fetch metadata (an older browser): the Origin decides, and must be the broker's own.
    [{ origin: 'https://broker.example' }, true],
    [{ origin: 'https://broker.example.evil' }, false],
    [{ origin: 'null' }, false],
    [{}, false],
  ])('%j: %s', (headers, allowed) => {
    expect(checkSameOrigin(post(BROKER, headers)).ok).toBe(allowed);
  });
});

describe('the double-submit token', () => {
  it('is a __Host- cookie, Secure, HttpOnly and SameSite=Strict over https', () => {
    const { token, setCookie } = formToken(new HttpRequest({ method: 'GET', url: BROKER }));
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(setCookie).toBe(`__Host-broker-form=${token}; Path=/; HttpOnly; SameSite=Strict; Secure`);
  });

  it('keeps a well-formed token the browser already holds, and replaces a malformed one', () => {
    const withCookie = (value: string) =>
      new HttpRequest({
        method: 'GET',
        url: 'http://127.0.0.1:7071/api/approvals/x',
        headers: { cookie: `a=b; broker-form=${value}` },
      });
    expect(formToken(withCookie(TOKEN))).toEqual({ token: TOKEN });
    expect(formToken(withCookie('short')).setCookie).toMatch(
      /^broker-form=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
  });

  it('must be repeated by the form exactly', () => {
    const name = tokenCookieName(post(BROKER, {}));
    const request = post(BROKER, { cookie: `${name}=${TOKEN}` });
    expect(checkFormToken(request, TOKEN).ok).toBe(true);
    expect(checkFormToken(request, `${TOKEN.slice(1)}B`).ok).toBe(false);
    expect(checkFormToken(request, undefined).ok).toBe(false);
    expect(checkFormToken(post(BROKER, {}), TOKEN).ok).toBe(false);
  });
});
