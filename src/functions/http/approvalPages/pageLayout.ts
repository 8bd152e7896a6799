import type { Caller } from '../../../core/caller.js';
import { type Html, html } from './html.js';
import { STYLESHEET } from './pageStyles.js';

export const APPROVALS_PATH = '/api/approvals';
export const approvalPath = (id: string): string => `${APPROVALS_PATH}/${encodeURIComponent(id)}`;

/** The frame of every page: language, viewport, the one stylesheet, who is signed in, and a skip link. */
export function pageLayout({ title, caller, body }: { title: string; caller?: Caller; body: Html }): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · identity-broker</title>
        ${STYLESHEET}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <div class="inner">
            <a class="brand" href="${APPROVALS_PATH}">identity-broker approvals</a>
            ${caller ? html`<span class="who">Signed in as ${caller.name ?? 'an unnamed caller'} <span class="id">(${caller.id})</span></span>` : ''}
          </div>
        </header>
        <main id="main">${body}</main>
      </body>
    </html> `;
}
