import type { EventType } from '../eventType.js';
import type { IdentityRequest } from '../identityRequest.js';

/** The events approvers hear of: the ask, each decision, and the end. */
export const APPROVER_EVENTS: ReadonlySet<EventType> = new Set([
  'approvalRequested',
  'approvalRecorded',
  'requestApproved',
  'requestRejected',
  'requestCancelled',
  'requestExpired',
  'requestSucceeded',
  'requestFailed',
  'grantsRevoked',
]);

/**
 * The events a request's ticket is told of: where it waits (with the approval page), each decision (a
 * person's or policy's, so an auto-approved or denied request is written back too), and each end.
 */
export const TICKET_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  ...APPROVER_EVENTS,
  'requestAutoApproved',
  'requestDenied',
]);

/** Approvers hear only of requests a person decides: an auto-approved or denied one needs nobody. */
export const approversTake = (event: EventType, request: IdentityRequest): boolean =>
  APPROVER_EVENTS.has(event) && request.policy.decision === 'approvalRequired';

export type TicketSystem = 'servicenow' | 'jira';

/**
 * A ticket hears of a request only when that system's own intake verified it and recorded the record's
 * key: a ticket an HTTP or queue caller merely named is never written to.
 */
export const ticketTakes =
  (system: TicketSystem, events: ReadonlySet<EventType> = TICKET_EVENTS) =>
  (event: EventType, request: IdentityRequest): boolean =>
    events.has(event) &&
    request.source === system &&
    request.ticket?.system === system &&
    Boolean(request.ticket.recordId);
