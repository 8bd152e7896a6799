import { nudgeOf } from '../nudgeOf.js';
import { ArmError } from '../armError.js';
import { BROKER_ACTOR } from '../caller.js';
import { describeHolder } from '../grantLedger.js';
import { grantSubject } from '../grantHolds.js';
import { grantPartiesFrom } from '../grantParties.js';
import { nextGrantEnd, pendingGrants } from '../grants.js';
import type { OperationResult } from '../identityRequest.js';
import type { StoredRequest } from '../ports.js';
import { type EventSpec, recordEvents } from '../recordEvents.js';
import { backoffMs, DEFAULT_RETRY } from '../retrySettings.js';
import { endGrant, type GrantEnd } from '../steps/endGrant.js';
import type { AdvanceDeps, AdvanceOutcome } from './advanceDeps.js';

// A refusal (say, the broker lost its rights) is retried hourly: a grant that must end is never given up on.
const PERMANENT_FAILURE_RETRY_MS = 60 * 60_000;

/** What the result says once the request's own grant ended. */
function endNote(end: GrantEnd): string {
  switch (end.outcome) {
    case 'removed':
      return 'The grant ended and the broker removed the assignment.';
    case 'kept':
      return `The grant ended; the assignment stays, held by ${end.keptBy.map(describeHolder).join(', ')}.`;
    case 'left':
      return 'The grant ended; the assignment was made outside the broker, so it stays.';
    case 'gone':
      return 'The grant ended; the assignment had already been removed.';
  }
}

/**
 * Ends the time-bound grants that are due (all of them once revocation was requested). Each ending goes
 * through the grant ledger, so an assignment another live request holds stays; each is recorded, and the
 * request is `revoked` when none is left (a failed one stays `failed`), else looked at when the next one ends.
 */
export async function revokeDueGrants(
  stored: StoredRequest,
  deps: AdvanceDeps,
  tries = 0,
): Promise<AdvanceOutcome> {
  const { request } = stored;
  const now = deps.clock.now();
  // An early or duplicate delivery waits for its time, as a step does: after a failed removal that is the
  // Retry-After ARM asked for (a floor); its scheduled nudge is on its way, renewed in case it was lost.
  if (request.notBefore && Date.parse(request.notBefore) > now.getTime()) {
    await deps.nudger.nudge(nudgeOf(request), new Date(request.notBefore));
    return { action: 'nothingToDo', reason: `waiting until ${request.notBefore}` };
  }
  const pending = pendingGrants(request.results);
  const due = pending.filter((g) => request.revocationRequested || Date.parse(g.expiresAt) <= now.getTime());
  if (due.length === 0)
    return {
      action: 'nothingToDo',
      reason: pending.length
        ? `next grant ends ${nextGrantEnd(request.results)}`
        : `request is ${request.state}`,
    };

  const results: Array<OperationResult | null> = [...request.results];
  const events: EventSpec[] = [];
  const endDeps = { ledger: deps.ledger, arm: deps.arm, parties: grantPartiesFrom(deps.store), now };
  let failure: ArmError | undefined;
  for (const grant of due) {
    const result = results[grant.index] as OperationResult;
    const op = request.operations[grant.index];
    if (op?.kind !== 'assignRole' || !result.principalId || !result.roleDefinitionId)
      throw new Error(`operation ${grant.index} of ${request.id} records a grant it cannot name`);
    let end: GrantEnd;
    try {
      const subject = grantSubject(op.scope, result.principalId, result.roleDefinitionId);
      end = await endGrant(endDeps, subject.key, { requestId: request.id, operation: grant.index });
    } catch (e) {
      if (!(e instanceof ArmError)) throw e;
      failure = e;
      break;
    }
    results[grant.index] = { ...result, revokedAt: now.toISOString(), note: endNote(end) };
    events.push({
      type: 'grantRevoked',
      data: {
        operation: grant.index,
        roleAssignmentId: result.roleAssignmentId,
        assignment: end.outcome,
        ...(end.outcome === 'kept' ? { keptBy: end.keptBy } : {}),
      },
    });
  }

  const retry = deps.retry ?? DEFAULT_RETRY;
  const next = nextGrantEnd(results);
  let notBefore = next && !request.revocationRequested ? new Date(next) : undefined;
  if (failure) {
    const attempt = (request.progress?.attempt ?? 0) + 1;
    const wait =
      failure.retry === 'never'
        ? PERMANENT_FAILURE_RETRY_MS
        : (failure.retryAfterMs ?? backoffMs(attempt, retry));
    notBefore = new Date(now.getTime() + wait);
    events.push({
      type: 'revocationFailed',
      data: { code: failure.code, message: failure.message, attempt, notBefore: notBefore.toISOString() },
    });
  } else if (!next) events.push({ type: 'grantsRevoked' });

  const { next: updated, events: newEvents } = recordEvents(
    request,
    request.state,
    events,
    { actor: BROKER_ACTOR.id, now },
    {
      results,
      notBefore: notBefore?.toISOString(),
      error: failure
        ? { code: failure.code, message: `removing a time-bound grant failed: ${failure.message}` }
        : request.state === 'failed'
          ? request.error // a failed request keeps the reason it failed
          : undefined,
      progress: failure
        ? {
            step: request.plan.steps.length,
            attempt: (request.progress?.attempt ?? 0) + 1,
            firstAttemptAt: request.progress?.firstAttemptAt ?? now.toISOString(),
            lastError: { code: failure.code, message: failure.message },
          }
        : undefined,
    },
  );
  if ((await deps.store.commit(stored, updated, newEvents)) === 'conflict') {
    // The ledger already records these endings and each is idempotent: redo them on what is stored now.
    const reloaded = await deps.store.get(request.id);
    return reloaded && tries < 2 ? revokeDueGrants(reloaded, deps, tries + 1) : { action: 'conflict' };
  }
  if (notBefore) await deps.nudger.nudge(nudgeOf(request, updated.version), notBefore);
  return { action: 'committed', state: updated.state, events: events.map((e) => e.type) };
}
