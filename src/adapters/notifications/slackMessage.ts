import type { Notice } from '../../core/notifications/notice.js';
import { approvalsLine, roleLine } from './summaryLines.js';

/** Slack's three control characters in mrkdwn, so request text cannot become markup or a mention. */
const escaped = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Slack refuses a section text over 3000 characters and a header over 150.
const clip = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** The message a Slack incoming webhook accepts: Block Kit blocks, and `text` for notifications and fallback. */
export function slackMessage(notice: Notice): unknown {
  const summary = [
    `*Target:* ${escaped(notice.target)}`,
    `*Requested by:* ${escaped(notice.requestedBy)}`,
    `*State:* ${notice.state}`,
    ...(notice.approvals ? [`*Approvals:* ${approvalsLine(notice.approvals)}`] : []),
    ...(notice.ticket ? [`*Ticket:* ${escaped(notice.ticket)}`] : []),
    `*Justification:* ${escaped(notice.justification)}`,
  ];
  const plan = [
    '*Operations*',
    ...notice.operations.map((op) => `• ${escaped(op)}`),
    ...(notice.roles.length > 0
      ? ['*Roles and scopes*', ...notice.roles.map((r) => `• ${escaped(roleLine(r))}`)]
      : []),
    ...notice.warnings.map((w) => `:warning: ${escaped(w)}`),
    ...(notice.error ? [`*${escaped(notice.error.code)}:* ${escaped(notice.error.message)}`] : []),
  ];
  const button = (text: string, url: string, primary: boolean) => ({
    type: 'button',
    text: { type: 'plain_text', text },
    url,
    ...(primary ? { style: 'primary' } : {}),
  });
  return {
    text: clip(`${notice.headline}: ${notice.target}`, 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(notice.headline, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(summary.join('\n'), 3000) } },
      { type: 'section', text: { type: 'mrkdwn', text: clip(plan.join('\n'), 3000) } },
      {
        type: 'actions',
        elements: [
          button('Open the approval page', notice.links.page, true),
          button('View in the API', notice.links.api, false),
        ],
      },
    ],
  };
}
