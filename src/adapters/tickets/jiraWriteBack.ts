import { ticketTakes, TICKET_EVENTS } from '../../core/notifications/audiences.js';
import type { NotificationChannel } from '../../core/notifications/channel.js';
import type { Notice } from '../../core/notifications/notice.js';
import type { Clock } from '../../core/clock.js';
import type { EventType } from '../../core/eventType.js';
import type { JiraTransitionState, JiraWriteBack } from '../../ticketWriteBackSettings.js';
import { sendOutcomeOf } from '../notifications/httpOutcome.js';
import { adfComment, wikiComment } from './jiraBodies.js';
import { ticketNoteOf } from './ticketNote.js';

export interface JiraChannelOptions {
  settings: JiraWriteBack;
  clock: Clock;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The issue's numeric ID where the intake recorded it: it stays when an issue moves and its key changes. */
const issueOf = (notice: Notice) => notice.ticketRecord?.recordId ?? notice.ticketRecord?.id;

function post(options: JiraChannelOptions, path: string, body: unknown) {
  const { settings, clock, fetch: send = fetch, timeoutMs = 10_000 } = options;
  const api = settings.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  return sendOutcomeOf(
    () =>
      send(`${settings.baseUrl}${api}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: settings.authorization,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      }),
    () => clock.now(),
  );
}

/** A comment on the issue the request came from: ADF on Cloud (v3), wiki text on Data Center (v2). */
export function createJiraCommentChannel(options: JiraChannelOptions): NotificationChannel {
  return {
    name: 'jira',
    takes: ticketTakes('jira'),
    async send(notice) {
      const issue = issueOf(notice);
      if (!issue) return { ok: false, retryable: false, reason: 'the ticket has no issue ID' };
      const note = ticketNoteOf(notice);
      const body = options.settings.deployment === 'cloud' ? adfComment(note) : wikiComment(note);
      return post(options, `/issue/${encodeURIComponent(issue)}/comment`, body);
    },
  };
}

/** The state a ticket event leaves the request in, as JIRA_TRANSITIONS names it. */
const STATE_OF: Partial<Record<EventType, JiraTransitionState>> = {
  approvalRequested: 'awaitingApproval',
  requestApproved: 'approved',
  requestAutoApproved: 'approved',
  requestDenied: 'denied',
  requestRejected: 'rejected',
  requestCancelled: 'cancelled',
  requestExpired: 'expired',
  requestSucceeded: 'succeeded',
  requestFailed: 'failed',
  grantsRevoked: 'revoked',
};

/**
 * Moves the issue through the transition configured for the state an event leaves the request in
 * (`POST .../issue/{id}/transitions`). A channel of its own, so a comment and a transition are each sent
 * once: a comment that went out is not sent again because the transition failed.
 */
export function createJiraTransitionChannel(options: JiraChannelOptions): NotificationChannel | undefined {
  const { transitions } = options.settings;
  const events = new Set(
    [...TICKET_EVENTS].filter((e) => {
      const state = STATE_OF[e];
      return state !== undefined && transitions[state] !== undefined;
    }),
  );
  if (events.size === 0) return undefined;
  return {
    name: 'jira-transition',
    takes: ticketTakes('jira', events),
    async send(notice) {
      const issue = issueOf(notice);
      const state = STATE_OF[notice.event];
      const id = state && transitions[state];
      if (!issue || !id) return { ok: false, retryable: false, reason: 'no transition for this event' };
      return post(options, `/issue/${encodeURIComponent(issue)}/transitions`, { transition: { id } });
    },
  };
}
