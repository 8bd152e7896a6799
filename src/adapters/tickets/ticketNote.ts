import type { Notice } from '../../core/notifications/notice.js';
import { approvalsLine, roleLine } from '../notifications/summaryLines.js';

/** One write-back, format-neutral: each renderer escapes the text for its own markup. */
export interface TicketNote {
  title: string;
  facts: Array<{ label: string; value: string }>;
  lists: Array<{ label: string; items: string[] }>;
  link: { label: string; url: string };
}

// Work notes and comments stay readable: a long justification or error is cut, never the whole note refused.
const clip = (value: string, max = 2_000) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** What a ticket is told of one event: the headline, the request and its plan, the reasons, where to look. */
export function ticketNoteOf(notice: Notice): TicketNote {
  const facts = [
    { label: 'Request', value: `${notice.requestId} (${notice.state})` },
    { label: 'Target', value: notice.target },
    { label: 'Requested by', value: notice.requestedBy },
    ...(notice.approvals ? [{ label: 'Approvals', value: approvalsLine(notice.approvals) }] : []),
    { label: 'Justification', value: clip(notice.justification) },
    ...(notice.error ? [{ label: notice.error.code, value: clip(notice.error.message) }] : []),
  ];
  const lists = [
    { label: 'Operations', items: notice.operations },
    { label: 'Roles and scopes', items: notice.roles.map(roleLine) },
    { label: 'Warnings', items: notice.warnings },
    { label: 'Policy', items: notice.reasons },
  ].filter((l) => l.items.length > 0);
  return {
    title: `identity-broker: ${notice.headline}`,
    facts,
    lists,
    link: { label: 'Open the request', url: notice.links.page },
  };
}

/** The note but its link as plain lines, for ServiceNow's journal and Jira Data Center (each escapes, and adds the link, itself). */
export function plainLines(note: TicketNote, escape: (text: string) => string): string[] {
  return [
    escape(note.title),
    ...note.facts.map((f) => `${escape(f.label)}: ${escape(f.value)}`),
    ...note.lists.flatMap((l) => [`${escape(l.label)}:`, ...l.items.map((i) => `- ${escape(i)}`)]),
  ];
}
