import type { GrantHolder } from './grantLedger.js';
import { pendingGrants } from './grants.js';
import type { IdentityRequest } from './identityRequest.js';
import type { RequestStore } from './ports.js';

/** How a holder's request stands towards its grant. */
export type HolderStanding =
  /** Still being carried out: its grant may be made, or recorded, at any moment. */
  | 'busy'
  /** Its results record the grant, not ended. */
  | 'holding'
  /** Gone, or done with the grant (failed before making it, revoked, cancelled...): the hold is stale. */
  | 'stale';

/**
 * What the ledger asks about the requests named in it, each answered with one read of that request:
 * stale entries are found and repaired where they are met, never by a scan.
 */
export interface GrantParties {
  standing(holder: Pick<GrantHolder, 'requestId' | 'operation'>): Promise<HolderStanding>;
  /** Whether the request removing an assignment will still finish its removal (it retries until it has). */
  removerActive(requestId: string): Promise<boolean>;
}

export function standingOf(request: IdentityRequest, operation: number): HolderStanding {
  if (request.state === 'approved' || request.state === 'applying') return 'busy';
  if (request.state !== 'succeeded' && request.state !== 'failed') return 'stale';
  if (request.revocationRequested) return 'stale';
  const result = request.results[operation];
  return result?.roleAssignmentId && !result.revokedAt ? 'holding' : 'stale';
}

/** Whether a request, as stored, still holds (or may yet make) the grant of operation `operation`. */
export const requestHoldsGrant = (request: IdentityRequest, operation: number): boolean =>
  standingOf(request, operation) !== 'stale';

/** A removal is finished by its own request's retries: only while that request still has work to do. */
const mayFinishRemoval = (request: IdentityRequest): boolean =>
  request.state === 'approved' ||
  request.state === 'applying' ||
  ((request.state === 'succeeded' || request.state === 'failed') &&
    pendingGrants(request.results).length > 0);

export const grantPartiesFrom = (store: RequestStore): GrantParties => ({
  async standing(holder) {
    const stored = await store.get(holder.requestId);
    return stored ? standingOf(stored.request, holder.operation) : 'stale';
  },
  async removerActive(requestId) {
    const stored = await store.get(requestId);
    return stored !== undefined && mayFinishRemoval(stored.request);
  },
});
