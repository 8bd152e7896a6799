import { actorOf, type Caller } from '../caller.js';
import type { Decision, IdentityRequest } from '../identityRequest.js';
import { type EventSpec, recordEvents, type RequestChanges } from '../recordEvents.js';
import type { Clock } from '../clock.js';
import type { EventType } from '../eventType.js';
import type { Nudger, Policy, RequestStore, StoredRequest } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { nextState } from '../transitions.js';
import { accessOf, canSee, type RequestAccess } from './requestAccess.js';
import { notFound, type UseCaseError } from './useCaseErrors.js';
import { wrongStateMessage } from './wrongStateMessage.js';

export interface DecisionDeps {
  store: RequestStore;
  policy: Policy;
  nudger: Nudger;
  clock: Clock;
}

export interface DecisionInput {
  id: string;
  caller: Caller;
  comment?: string;
  /** The version the caller saw (from the request's `etag`); a newer one refuses the decision. */
  ifMatchVersion?: number;
}

/** Loads a request and checks the caller may see it, saw its current version, and that its state accepts `event`. */
export async function loadForDecision(
  input: DecisionInput,
  event: EventType,
  deps: DecisionDeps,
): Promise<Result<{ stored: StoredRequest; access: RequestAccess }, UseCaseError>> {
  const stored = await deps.store.get(input.id);
  if (!stored) return err(notFound(input.id));
  const access = accessOf(input.caller, stored.request, deps.policy);
  if (!canSee(access)) return err(notFound(input.id));
  if (input.ifMatchVersion !== undefined && input.ifMatchVersion !== stored.request.version)
    return err({
      code: 'versionMismatch',
      message: `the request changed since you saw it (version ${input.ifMatchVersion}, now ${stored.request.version}): reload and decide again`,
    });
  // Past its deadline an undecided request is expired, whether or not the executor has recorded it yet.
  if (stored.request.state === 'awaitingApproval' && isPastApprovalDeadline(stored, deps.clock.now()))
    return err({
      code: 'wrongState',
      state: 'expired',
      message: 'the request expired before it was decided',
    });
  if (nextState(stored.request.state, event) === undefined)
    return err({
      code: 'wrongState',
      state: stored.request.state,
      message: wrongStateMessage(stored.request.state, event),
    });
  return ok({ stored, access });
}

/** Records the caller's event on the request, fenced on the version it was loaded at. */
export async function commitDecision(
  stored: StoredRequest,
  input: DecisionInput,
  deps: DecisionDeps,
  event: EventSpec,
  changes: RequestChanges,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const now = deps.clock.now();
  const { next, events } = recordEvents(
    stored.request,
    stored.request.state,
    [event],
    { actor: input.caller.id, now },
    changes,
  );
  if ((await deps.store.commit(stored, next, events)) === 'conflict') return err(concurrentChange());
  return ok(next);
}

/** An approver's decision as kept on the request: who, when, why, and the version they saw. */
export const decisionOf = (
  kind: Decision['decision'],
  stored: StoredRequest,
  input: DecisionInput,
  now: Date,
): Decision => ({
  decision: kind,
  by: actorOf(input.caller),
  at: now.toISOString(),
  ...(input.comment ? { comment: input.comment } : {}),
  version: stored.request.version,
});

/** Only an approver the policy names for this request, and never its requester, decides it. */
export function approverOnly(access: RequestAccess, verb: string): UseCaseError | undefined {
  if (access.isRequester)
    return {
      code: 'forbidden',
      message:
        verb === 'approve' ? 'you cannot approve your own request' : 'withdraw your own request with cancel',
    };
  if (!access.isApprover)
    return { code: 'forbidden', message: 'policy does not name you as an approver of this request' };
  return undefined;
}

export const concurrentChange = (): UseCaseError => ({
  code: 'concurrentChange',
  message: 'the request changed while your decision was being recorded: reload and try again',
});

export const isPastApprovalDeadline = (stored: StoredRequest, now: Date): boolean =>
  stored.request.approvalExpiresAt !== undefined &&
  now.getTime() >= Date.parse(stored.request.approvalExpiresAt);

export { ok, err };
