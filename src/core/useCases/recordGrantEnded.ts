import type { GrantHolder } from '../grantLedger.js';
import { standingOf } from '../grantParties.js';
import { nextGrantEnd, pendingGrants } from '../grants.js';
import type { OperationResult } from '../identityRequest.js';
import type { RequestStore } from '../ports.js';
import { type EventSpec, recordEvents } from '../recordEvents.js';

// The holder's request is written by its own executor too; a few tries outlast any one of its commits.
const MAX_TRIES = 3;

/**
 * Records on a holder's request that another request's approved removal ended its grant, so its record
 * never claims an assignment Azure no longer holds. A succeeded request whose last time-bound grant this was
 * becomes `revoked`. Throws when it cannot record, so the removal's step is retried (it resumes, and tells
 * the same holders again).
 */
export async function recordGrantEnded(
  deps: { store: RequestStore; now: Date },
  holder: Pick<GrantHolder, 'requestId' | 'operation'>,
  removedBy: string,
): Promise<void> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const stored = await deps.store.get(holder.requestId);
    if (!stored || standingOf(stored.request, holder.operation) !== 'holding') return;
    const { request } = stored;
    const at = deps.now.toISOString();
    const results: Array<OperationResult | null> = [...request.results];
    const result = results[holder.operation] as OperationResult;
    results[holder.operation] = {
      ...result,
      revokedAt: at,
      note: `Removed at ${at} by request ${removedBy}, an approved removeRoleAssignment.`,
    };
    const hadPending = pendingGrants(request.results).length > 0;
    const events: EventSpec[] = [
      { type: 'grantRevoked', data: { operation: holder.operation, assignment: 'removed', removedBy } },
    ];
    const next = nextGrantEnd(results);
    if (hadPending && !next) events.push({ type: 'grantsRevoked' });
    const { next: updated, events: newEvents } = recordEvents(
      request,
      request.state,
      events,
      { actor: removedBy, now: deps.now },
      { results, notBefore: next },
    );
    if ((await deps.store.commit(stored, updated, newEvents)) !== 'conflict') return;
  }
  throw new Error(`request ${holder.requestId} kept changing while its ended grant was being recorded`);
}
