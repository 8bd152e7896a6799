import type { Notice, NoticeRole } from '../../core/notifications/notice.js';

export const roleLine = (r: NoticeRole): string =>
  `${r.change} ${r.role} at ${r.scope} to ${r.principal}${r.until ? ` (until ${r.until})` : ''}`;

export const approvalsLine = (a: NonNullable<Notice['approvals']>): string =>
  `${a.received} of ${a.required} received, ${a.missing} of ${a.required} approvals missing`;
