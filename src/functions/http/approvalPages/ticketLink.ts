import type { Ticket } from '../../../core/identityRequest.js';
import { type Html, html } from './html.js';

/** Only web links become links: a `javascript:` or `data:` URL in a ticket is shown as text, never followed. */
const webUrl = (url: string | undefined): string | undefined => {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
};

export function ticketOf(ticket: Ticket | undefined): Html {
  if (!ticket) return html`<span class="muted">none</span>`;
  const url = webUrl(ticket.url);
  const label = `${ticket.system} ${ticket.id}`;
  return url
    ? html`<a href="${url}" rel="noreferrer noopener">${label}</a>`
    : html`${label}${ticket.url ? html` <span class="id">(${ticket.url})</span>` : ''}`;
}
