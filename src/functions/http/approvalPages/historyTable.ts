import type { RequestEvent } from '../../../core/ports.js';
import type { Actor } from '../../../core/caller.js';
import { actor, timeOf } from './formatting.js';
import { type Html, html } from './html.js';

/** A comment an event carries (a decision's), shown with it. */
const commentOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { comment?: unknown }).comment === 'string'
    ? (data as { comment: string }).comment
    : undefined;

/** Every event of the request, in order, with who caused it (by name where the request knows the name). */
export function historyTable(history: RequestEvent[], people: Actor[] = []): Html {
  const known = new Map(people.filter((p) => p.name).map((p) => [p.id.toLowerCase(), p]));
  return html`<section aria-labelledby="history-heading">
    <h2 id="history-heading">History</h2>
    <div class="table-wrap">
      <table id="history" class="cards">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">By</th>
          </tr>
        </thead>
        <tbody>
          ${history.map((e) => {
            const comment = commentOf(e.data);
            return html`<tr>
              <td data-label="#">${e.sequence}</td>
              <td data-label="When">${timeOf(e.at)}</td>
              <td data-label="Event">
                ${e.type}${comment ? html`<br /><span class="muted">“${comment}”</span>` : ''}
              </td>
              <td data-label="By">${actor(known.get(e.actor.toLowerCase()) ?? { id: e.actor })}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>
  </section>`;
}
