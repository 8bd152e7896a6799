import type { Caller } from '../../../core/caller.js';
import { type Html, html } from './html.js';
import { APPROVALS_PATH, pageLayout } from './pageLayout.js';

export interface ErrorPageInput {
  title: string;
  detail?: string;
  caller?: Caller;
  /** Where to go from here; absent: the list of pending requests. */
  next?: { href: string; label: string };
  /** Something the caller typed, given back so it is not lost. */
  kept?: { label: string; text: string };
}

/** A refusal as a page: what happened, and a way on. */
export function errorPage(input: ErrorPageInput): Html {
  const next = input.next ?? { href: APPROVALS_PATH, label: 'All pending requests' };
  return pageLayout({
    title: input.title,
    ...(input.caller ? { caller: input.caller } : {}),
    body: html`<h1>${input.title}</h1>
      <section class="notice error" role="alert">
        ${input.detail ? html`<p id="detail">${input.detail}</p>` : ''}
        <p><a id="next" href="${next.href}">${next.label}</a></p>
      </section>
      ${
        input.kept
          ? html`<section>
              <h2>${input.kept.label}</h2>
              <pre>${input.kept.text}</pre>
            </section>`
          : ''
      }`,
  });
}
