import { ArmError } from '../armError.js';
import { BROKER_ACTOR } from '../caller.js';
import { nextGrantEnd, pendingGrants } from '../grants.js';
import type { OperationResult } from '../identityRequest.js';
import type { StoredRequest } from '../ports.js';
import { type EventSpec, recordEvents } from '../recordEvents.js';
import { backoffMs, DEFAULT_RETRY } from '../retrySettings.js';
import type { AdvanceDeps, AdvanceOutcome } from './advanceRequest.js';

// A refusal (say, the broker lost its rights) is retried hourly: a grant that must end is never given up on.
const PERMANENT_FAILURE_RETRY_MS = 60 * 60_000;

/**
 * Removes the time-bound grants that have ended (all of them once revocation was requested). Each removal
 * is recorded; the request is `revoked` when none is left, and otherwise looked at again when the next one ends.
 */
export async function revokeDueGrants(stored: StoredRequest, deps: AdvanceDeps): Promise<AdvanceOutcome> {
  const { request } = stored;
  const now = deps.clock.now();
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
  let failure: ArmError | undefined;
  for (const grant of due) {
    const result = results[grant.index] as OperationResult;
    try {
      // Already gone (removed by hand) is success.
      await deps.arm.deleteRoleAssignment(result.roleAssignmentId as string);
    } catch (e) {
      if (!(e instanceof ArmError)) throw e;
      failure = e;
      break;
    }
    results[grant.index] = { ...result, revokedAt: now.toISOString() };
    events.push({
      type: 'grantRevoked',
      data: { operation: grant.index, roleAssignmentId: result.roleAssignmentId },
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
  if ((await deps.store.commit(stored, updated, newEvents)) === 'conflict') return { action: 'conflict' };
  if (notBefore)
    await deps.nudger.nudge(
      { requestId: request.id, target: request.target, version: updated.version },
      notBefore,
    );
  return { action: 'committed', state: updated.state, events: events.map((e) => e.type) };
}
