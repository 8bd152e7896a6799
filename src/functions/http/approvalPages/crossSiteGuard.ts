import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { HttpRequest } from '@azure/functions';

/**
 * Cross-site request forgery. Under Easy Auth the browser's session cookie rides along on any request to the
 * app, from any site, so a decision is taken only when the browser itself says it came from one of the
 * broker's own pages: `Sec-Fetch-Site: same-origin` (every current browser sends it), or where a browser
 * sends no fetch metadata, an `Origin` that is the broker's own. A same-site page on another port or a
 * sibling host is cross-origin and is refused too. Behind that, a double-submit token: a random value in a
 * `SameSite=Strict`, `HttpOnly` cookie (`__Host-` prefixed on https) that the form repeats; another site
 * can neither read the cookie nor make the browser send it. Nothing here is a secret to keep or rotate.
 */
export type CrossSiteVerdict = { ok: true } | { ok: false; reason: string };

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The cookie's name: `__Host-` needs `Secure`, which a plain-http local host cannot set. */
export const tokenCookieName = (request: HttpRequest): string =>
  new URL(request.url).protocol === 'https:' ? '__Host-broker-form' : 'broker-form';

function cookieValue(request: HttpRequest, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** The caller's token if their cookie holds a well-formed one, else a new one. */
export function formToken(request: HttpRequest): { token: string; setCookie?: string } {
  const name = tokenCookieName(request);
  const existing = cookieValue(request, name);
  if (existing && TOKEN_PATTERN.test(existing)) return { token: existing };
  const token = randomBytes(32).toString('base64url');
  const secure = name.startsWith('__Host-') ? '; Secure' : '';
  return { token, setCookie: `${name}=${token}; Path=/; HttpOnly; SameSite=Strict${secure}` };
}

const sameToken = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Whether a form post came from one of the broker's own pages, by what the browser says of its origin. */
export function checkSameOrigin(request: HttpRequest): CrossSiteVerdict {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null)
    return site === 'same-origin'
      ? { ok: true }
      : { ok: false, reason: `the form was sent from another site (Sec-Fetch-Site: ${site})` };
  const origin = request.headers.get('origin');
  if (origin === new URL(request.url).origin) return { ok: true };
  return { ok: false, reason: origin ? `the form was sent from ${origin}` : 'the form carried no origin' };
}

/** Whether the form repeats the token of this browser's cookie: a page elsewhere can read neither. */
export function checkFormToken(request: HttpRequest, formTokenValue: string | undefined): CrossSiteVerdict {
  const cookie = cookieValue(request, tokenCookieName(request));
  if (!cookie || !formTokenValue || !sameToken(cookie, formTokenValue))
    return {
      ok: false,
      reason: "the form's token does not match this browser's: reload the page and try again",
    };
  return { ok: true };
}
