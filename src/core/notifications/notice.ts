import { approvalsOf } from '../approvalCount.js';
import type { EventType } from '../eventType.js';
import type { IdentityRequest, RequestSource, Ticket } from '../identityRequest.js';
import type { Operation } from '../operation.js';
import type { RequestEventBody } from '../outboxEvent.js';
import type { RequestState } from '../requestState.js';

/** Where an approver acts: the approval page, and the API's view of the request as a fallback. */
export interface NoticeLinks {
  page: string;
  api: string;
}

export interface NoticeRole {
  change: 'assign' | 'remove';
  role: string;
  scope: string;
  principal: string;
  /** A time-bound grant's duration or end, as requested. */
  until?: string;
}

/** What every channel tells of one request event: the plan summary and where to act, channel-neutral. */
export interface Notice {
  /** `<request ID>-<version>`, the event's `messageId`. */
  eventId: string;
  event: EventType;
  requestId: string;
  version: number;
  state: RequestState;
  headline: string;
  target: string;
  requestedBy: string;
  justification: string;
  ticket?: string;
  /** The ticket as stored (with the ticket system's record key where its own intake verified it). */
  ticketRecord?: Ticket;
  /** Where the request came in: write-back goes only to a ticket its own intake verified. */
  source: RequestSource;
  operations: string[];
  roles: NoticeRole[];
  warnings: string[];
  /** The policy's reasons, each naming its rule. */
  reasons: string[];
  approvals: { required: number; received: number; missing: number } | null;
  error?: { code: string; message: string };
  links: NoticeLinks;
  at: string;
}

const describeOperation = (op: Operation): string => {
  switch (op.kind) {
    case 'attachUserAssignedIdentity':
    case 'detachUserAssignedIdentity':
      return `${op.kind} ${op.identity}`;
    case 'assignRole':
    case 'removeRoleAssignment':
      return `${op.kind} ${op.role} at ${op.scope} to ${op.principal}`;
    default:
      return op.kind;
  }
};

function rolesOf(operations: Operation[]): NoticeRole[] {
  return operations.flatMap((op): NoticeRole[] => {
    if (op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment') return [];
    const until = op.kind === 'assignRole' ? (op.expiresAt ?? op.duration) : undefined;
    return [
      {
        change: op.kind === 'assignRole' ? 'assign' : 'remove',
        role: op.role,
        scope: op.scope,
        principal: op.principal,
        ...(until ? { until } : {}),
      },
    ];
  });
}

function headlineOf(type: EventType, request: IdentityRequest, missing: number | undefined): string {
  const lastBy = request.decisions.at(-1)?.by;
  const by = lastBy ? (lastBy.name ?? lastBy.id) : 'an approver';
  switch (type) {
    case 'approvalRequested':
      return `Approval needed (${missing ?? 1} missing)`;
    case 'approvalRecorded':
      return `Approved by ${by}; ${missing ?? 0} more needed`;
    case 'requestApproved':
      return `Approved by ${by}`;
    case 'requestAutoApproved':
      return 'Approved by policy: no person needs to decide';
    case 'requestDenied':
      return 'Denied by policy';
    case 'requestRejected':
      return `Rejected by ${by}`;
    case 'requestCancelled':
      return 'Cancelled by the requester';
    case 'requestExpired':
      return 'Expired without a decision';
    case 'requestSucceeded':
      return 'Done: every operation succeeded';
    case 'requestFailed':
      return `The request failed${request.error ? `: ${request.error.code}` : ''}`;
    case 'grantsRevoked':
      return 'Its time-bound grants have ended';
    default:
      return type;
  }
}

/** The version an event's `messageId` (`<request ID>-<version>`) names. */
export const versionOf = (messageId: string): number =>
  Number(messageId.slice(messageId.lastIndexOf('-') + 1));

/**
 * The notice of one event, from the event and the request as it is now: the event says what happened,
 * the request gives the plan summary (the approvals count may already be ahead of the event).
 */
export function noticeOf(
  messageId: string,
  event: RequestEventBody,
  request: IdentityRequest,
  links: NoticeLinks,
): Notice {
  const approvals = approvalsOf(request);
  const ticket = request.ticket ? `${request.ticket.system} ${request.ticket.id}` : undefined;
  return {
    eventId: messageId,
    event: event.type,
    requestId: request.id,
    version: versionOf(messageId),
    state: event.state,
    headline: headlineOf(event.type, request, approvals?.missing),
    target: request.target,
    requestedBy: request.requestedBy.name ?? request.requestedBy.id,
    justification: request.justification,
    ...(ticket ? { ticket } : {}),
    ...(request.ticket ? { ticketRecord: request.ticket } : {}),
    source: request.source,
    operations: request.operations.map(describeOperation),
    roles: rolesOf(request.operations),
    warnings: request.plan.warnings,
    reasons: request.policy.reasons,
    approvals,
    ...(request.error ? { error: { code: request.error.code, message: request.error.message } } : {}),
    links,
    at: event.at,
  };
}
