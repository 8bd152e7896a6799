/** What happened to a request, in the past tense; each is one row of its history. */
export const EVENT_TYPES = [
  'requestSubmitted',
  'policyEvaluated',
  'approvalRequested',
  'requestDenied',
  'requestAutoApproved',
  'requestApproved',
  /** One approval of several a quorum needs: the request keeps waiting. */
  'approvalRecorded',
  'requestRejected',
  'requestCancelled',
  'requestExpired',
  'applyStarted',
  'stepStarted',
  'stepRetryScheduled',
  /** ARM's budget had no room for the step's change yet: it runs at a later slot. */
  'stepDeferred',
  'stepSucceeded',
  'stepFailed',
  'requestSucceeded',
  'requestFailed',
  'revocationRequested',
  'grantRevoked',
  'revocationFailed',
  'grantsRevoked',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
