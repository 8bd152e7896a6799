import type { Notice } from '../../core/notifications/notice.js';
import { approvalsLine, roleLine } from './summaryLines.js';

const text = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});

/**
 * The message a Teams incoming webhook accepts: an Adaptive Card (1.4, the highest the webhooks render) as
 * the one attachment of a `message`; the links are `Action.OpenUrl`, since a webhook card cannot post back.
 */
export function teamsCard(notice: Notice): unknown {
  const facts = [
    { title: 'Target', value: notice.target },
    { title: 'Requested by', value: notice.requestedBy },
    { title: 'State', value: notice.state },
    ...(notice.approvals ? [{ title: 'Approvals', value: approvalsLine(notice.approvals) }] : []),
    ...(notice.ticket ? [{ title: 'Ticket', value: notice.ticket }] : []),
  ];
  const body = [
    text(notice.headline, { size: 'Medium', weight: 'Bolder' }),
    { type: 'FactSet', facts },
    text(`Justification: ${notice.justification}`),
    text('Operations', { weight: 'Bolder' }),
    ...notice.operations.map((op) => text(`- ${op}`, { spacing: 'None' })),
    ...(notice.roles.length > 0
      ? [
          text('Roles and scopes', { weight: 'Bolder' }),
          ...notice.roles.map((r) => text(`- ${roleLine(r)}`, { spacing: 'None' })),
        ]
      : []),
    ...notice.warnings.map((w) => text(`Warning: ${w}`, { color: 'Warning' })),
    ...(notice.error ? [text(`${notice.error.code}: ${notice.error.message}`, { color: 'Attention' })] : []),
    ...notice.reasons.map((r) => text(r, { isSubtle: true, spacing: 'None' })),
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: [
            { type: 'Action.OpenUrl', title: 'Open the approval page', url: notice.links.page },
            { type: 'Action.OpenUrl', title: 'View in the API', url: notice.links.api },
          ],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}
