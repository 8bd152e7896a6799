import { STYLE_HASH } from './pageStyles.js';

/**
 * Every page answers with these: nothing but its own stylesheet may load or run (no script at all), forms
 * post only to the broker, no other site may frame it, and no copy of a decision page is kept anywhere.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': [
    "default-src 'none'",
    `style-src ${STYLE_HASH}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};
