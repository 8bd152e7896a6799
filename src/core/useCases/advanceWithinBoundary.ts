import { nudgeOf } from '../nudgeOf.js';
import { pendingGrants } from '../grants.js';
import type { IdentityRequest } from '../identityRequest.js';
import { BROKER_ACTOR } from '../caller.js';
import type { StepProgress } from '../identityRequest.js';
import type { StoredRequest } from '../ports.js';
import { type EventSpec, type RequestChanges, recordEvents } from '../recordEvents.js';
import type { RequestState } from '../requestState.js';
import { backoffMs, DEFAULT_MAX_UNEXPECTED_ATTEMPTS, DEFAULT_RETRY } from '../retrySettings.js';
import { nextState } from '../transitions.js';
import { describeUnexpected } from '../unexpectedError.js';
import { type AdvanceDeps, type AdvanceOutcome, advanceRequest } from './advanceRequest.js';

/** What one nudge did; `unexpectedFailure` carries the error itself so the caller can log its stack. */
export type BoundaryOutcome =
  | AdvanceOutcome
  | { action: 'unexpectedFailure'; state: RequestState; attempt: number; next?: string; error: unknown };

export const INTERNAL_ERROR = 'internalError';

// Past applying, the only work left is ending time-bound grants.
const isRevoking = (state: RequestState) => state === 'succeeded' || state === 'failed';

/** Whether the state records a failed attempt; elsewhere nothing was under way that a retry could finish. */
const recordsFailures = (state: RequestState) =>
  nextState(state, isRevoking(state) ? 'revocationFailed' : 'stepRetryScheduled') !== undefined;

/**
 * Past applying, a failure is a failed grant removal only while a removal is due. Once nothing is (the failure
 * came after the commit that ended the request, say), recording one would claim a failure that did not happen
 * and set a `notBefore` nothing clears, so the sweeper would nudge the request every pass, forever.
 */
const removalDue = (request: IdentityRequest, now: Date) =>
  request.revocationRequested !== undefined ||
  pendingGrants(request.results).some((g) => Date.parse(g.expiresAt) <= now.getTime());

/**
 * The executor's one failure boundary. ARM's refusals are already outcomes of `advanceRequest`; anything
 * else it throws is recorded on the request and retried with backoff, and after `maxUnexpectedAttempts`
 * the request fails with the reason. Only when the record itself cannot be written is the error thrown,
 * so the message is delivered again: nothing loops without leaving a trace.
 */
export async function advanceWithinBoundary(requestId: string, deps: AdvanceDeps): Promise<BoundaryOutcome> {
  try {
    return await advanceRequest(requestId, deps);
  } catch (error) {
    const stored = await deps.store.get(requestId);
    if (!stored || !recordsFailures(stored.request.state)) throw error;
    if (isRevoking(stored.request.state) && !removalDue(stored.request, deps.clock.now())) throw error;
    return recordUnexpected(stored, error, deps);
  }
}

async function recordUnexpected(
  stored: StoredRequest,
  error: unknown,
  deps: AdvanceDeps,
): Promise<BoundaryOutcome> {
  const { request } = stored;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.clock.now();
  const revoking = isRevoking(request.state);
  // Grant removals keep their progress after the last step, as revokeDueGrants does.
  const step = revoking ? request.plan.steps.length : request.nextStep;
  const previous = request.progress?.step === step ? request.progress : undefined;
  const attempt = (previous?.unexpectedAttempts ?? 0) + 1;
  const lastError = { code: INTERNAL_ERROR, message: describeUnexpected(error) };
  const max = retry.maxUnexpectedAttempts ?? DEFAULT_MAX_UNEXPECTED_ATTEMPTS;

  let events: EventSpec[];
  let changes: RequestChanges;
  let notBefore: Date | undefined;
  // A grant that must end is never given up on; anything else fails once the bound is reached.
  if (!revoking && attempt >= max) {
    events = [{ type: 'requestFailed', data: { step, attempts: attempt, ...lastError } }];
    const message = `the broker failed unexpectedly ${attempt} times: ${lastError.message}`;
    changes = { error: { code: INTERNAL_ERROR, message }, progress: undefined, notBefore: undefined };
  } else {
    notBefore = new Date(now.getTime() + backoffMs(attempt, retry));
    const progress: StepProgress = {
      ...previous,
      step,
      attempt: (previous?.attempt ?? 0) + 1,
      unexpectedAttempts: attempt,
      firstAttemptAt: previous?.firstAttemptAt ?? now.toISOString(),
      lastError,
    };
    const data = {
      ...(revoking ? {} : { step }),
      attempt: progress.attempt,
      unexpectedAttempts: attempt,
      ...lastError,
      notBefore: notBefore.toISOString(),
    };
    events = [{ type: revoking ? 'revocationFailed' : 'stepRetryScheduled', data }];
    changes = {
      progress,
      notBefore: notBefore.toISOString(),
      ...(revoking
        ? {
            error: {
              code: INTERNAL_ERROR,
              message: `removing a time-bound grant failed: ${lastError.message}`,
            },
          }
        : {}),
    };
  }

  const { next, events: newEvents } = recordEvents(
    request,
    request.state,
    events,
    { actor: BROKER_ACTOR.id, now },
    changes,
  );
  if ((await deps.store.commit(stored, next, newEvents)) === 'conflict') return { action: 'conflict' };
  if (notBefore) await deps.nudger.nudge(nudgeOf(request, next.version), notBefore);
  return {
    action: 'unexpectedFailure',
    state: next.state,
    attempt,
    ...(notBefore ? { next: notBefore.toISOString() } : {}),
    error,
  };
}
