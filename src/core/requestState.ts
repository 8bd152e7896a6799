/** Where a request is. Terminal states end it; `succeeded` ends it until a time-bound grant is revoked. */
export const REQUEST_STATES = [
  'awaitingApproval',
  'approved',
  'applying',
  'succeeded',
  'failed',
  'denied',
  'rejected',
  'cancelled',
  'expired',
  'revoked',
] as const;

export type RequestState = (typeof REQUEST_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<RequestState> = new Set([
  'succeeded',
  'failed',
  'denied',
  'rejected',
  'cancelled',
  'expired',
  'revoked',
]);
