import type { EventType } from '../eventType.js';
import type { RequestState } from '../requestState.js';

const WHERE: Record<RequestState, string> = {
  awaitingApproval: 'is still awaiting approval',
  approved: 'was already approved',
  applying: 'is already being applied',
  succeeded: 'was already carried out',
  failed: 'has already failed',
  denied: 'was already denied by policy',
  rejected: 'was already rejected',
  cancelled: 'was already cancelled',
  expired: 'has already expired',
  revoked: 'was already revoked',
};

// What each decision does, and the state it leads to: asking for that state again needs no "so".
const ASKED: Partial<Record<EventType, { verb: string; leadsTo: RequestState }>> = {
  requestApproved: { verb: 'approved', leadsTo: 'approved' },
  requestRejected: { verb: 'rejected', leadsTo: 'rejected' },
  requestCancelled: { verb: 'cancelled', leadsTo: 'cancelled' },
  revocationRequested: { verb: 'revoked', leadsTo: 'revoked' },
};

/** Why a decision does not fit the request's state, in words: "the request was already rejected". */
export function wrongStateMessage(state: RequestState, event: EventType): string {
  const where = `the request ${WHERE[state]}`;
  const asked = ASKED[event];
  if (!asked || asked.leadsTo === state) return where;
  return `${where}, so it cannot be ${asked.verb}`;
}
