import type { EventType } from './eventType.js';
import type { RequestState } from './requestState.js';

/** `new` is the state before the first write; it is never stored. */
export type StateOrNew = RequestState | 'new';

/**
 * The state machine as data: for each state, the events it accepts and the state each leads to.
 * An event missing from a state's row is refused. docs/state-machine.md draws this same table.
 */
export const TRANSITIONS: Readonly<Record<StateOrNew, Partial<Record<EventType, RequestState | 'new'>>>> = {
  new: {
    requestSubmitted: 'new',
    policyEvaluated: 'new',
    approvalRequested: 'awaitingApproval',
    requestAutoApproved: 'approved',
    requestDenied: 'denied',
  },
  awaitingApproval: {
    // An approval short of the quorum is recorded; the request waits for the rest.
    approvalRecorded: 'awaitingApproval',
    requestApproved: 'approved',
    requestRejected: 'rejected',
    requestCancelled: 'cancelled',
    requestExpired: 'expired',
  },
  approved: {
    policyEvaluated: 'approved',
    // An unexpected failure before the first commit: policy is asked again on the retry.
    stepRetryScheduled: 'approved',
    applyStarted: 'applying',
    requestCancelled: 'cancelled',
    requestFailed: 'failed',
  },
  applying: {
    stepStarted: 'applying',
    stepRetryScheduled: 'applying',
    stepDeferred: 'applying',
    stepSucceeded: 'applying',
    stepFailed: 'failed',
    requestSucceeded: 'succeeded',
    requestFailed: 'failed',
  },
  // A time-bound grant ends (or is ended early): removed one at a time; `revoked` once none is left.
  succeeded: {
    revocationRequested: 'succeeded',
    grantRevoked: 'succeeded',
    revocationFailed: 'succeeded',
    grantsRevoked: 'revoked',
  },
  // Grants made before a request failed still end on time; the request stays `failed`.
  failed: {
    revocationRequested: 'failed',
    grantRevoked: 'failed',
    revocationFailed: 'failed',
    grantsRevoked: 'failed',
  },
  denied: {},
  rejected: {},
  cancelled: {},
  expired: {},
  revoked: {},
};

/** The state an event leads to, or undefined when the state does not accept it. */
export function nextState(state: StateOrNew, event: EventType): StateOrNew | undefined {
  return TRANSITIONS[state][event];
}
