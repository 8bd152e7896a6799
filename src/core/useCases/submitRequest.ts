import { parseDurationMs } from '../duration.js';
import { nudgeOf } from '../nudgeOf.js';
import { type Actor } from '../caller.js';
import type { Clock } from '../clock.js';
import type { EventSpec } from '../recordEvents.js';
import { recordEvents } from '../recordEvents.js';
import { fingerprint } from '../fingerprint.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { GrantLedger } from '../grantLedger.js';
import type { ArmGateway, Nudger, Policy, RequestStore, SubmissionCounter } from '../ports.js';
import { newRequestId } from '../requestId.js';
import type { RequestDraft } from '../requestSchema.js';
import { err, ok, type Result } from '../result.js';
import type { UseCaseError } from './useCaseErrors.js';
import { assessSubmission } from './assessSubmission.js';

export interface SubmitInput {
  draft: RequestDraft;
  requester: Actor;
  source: IdentityRequest['source'];
  /** Already scoped to its caller or queue, so two callers' keys never collide. */
  idempotencyKey?: string;
  correlationId?: string;
  /** Whose submissions this one counts against (HTTP callers); unset: not limited. */
  limitedAs?: string;
}

export interface SubmitDeps {
  store: RequestStore;
  /** Read at planning, to say who already holds a grant the request asks for. */
  ledger: GrantLedger;
  arm: ArmGateway;
  policy: Policy;
  nudger: Nudger;
  clock: Clock;
  /** The per-caller limit; absent: none. */
  submissions?: SubmissionCounter;
  newId?: (now: Date) => string;
}

export interface Submitted {
  request: IdentityRequest;
  /** False when an idempotency key returned an existing request. */
  created: boolean;
  /** False when the request is stored but its first nudge could not be sent (the sweeper will). */
  nudged: boolean;
}

const reused = (): UseCaseError => ({
  code: 'idempotencyKeyReused',
  message: 'this Idempotency-Key was already used for a different request',
});

/** Validated draft ▸ plan against live ARM state ▸ policy ▸ one atomic write ▸ nudge. */
export async function submitRequest(
  input: SubmitInput,
  deps: SubmitDeps,
): Promise<Result<Submitted, UseCaseError>> {
  const print = fingerprint({ draft: input.draft, requester: input.requester.id.toLowerCase() });
  let requestId: string | undefined;
  if (input.idempotencyKey) {
    const known = await deps.store.findIdempotencyKey(input.idempotencyKey);
    if (known && known.fingerprint !== print) return err(reused());
    if (known) {
      const existing = await deps.store.get(known.requestId);
      if (existing) return ok({ request: existing.request, created: false, nudged: true });
      requestId = known.requestId; // an earlier attempt stopped between the claim and the write
    }
  }

  // A replay above read nothing and counts nothing; what-if assesses the same way, so it previews this exactly.
  const assessed = await assessSubmission(input, deps);
  if (!assessed.ok) return assessed;
  const { now, plan, targetKind, policy } = assessed.value;

  if (input.idempotencyKey && requestId === undefined) {
    const candidate = (deps.newId ?? newRequestId)(now);
    const claim = await deps.store.claimIdempotencyKey(input.idempotencyKey, {
      requestId: candidate,
      fingerprint: print,
    });
    if (!claim.claimed && claim.fingerprint !== print) return err(reused());
    requestId = claim.claimed ? candidate : claim.requestId;
  }
  requestId ??= (deps.newId ?? newRequestId)(now);

  const draftRequest: IdentityRequest = {
    id: requestId,
    state: 'awaitingApproval',
    version: 0,
    target: input.draft.target,
    targetKind,
    operations: input.draft.operations,
    justification: input.draft.justification,
    ...(input.draft.ticket ? { ticket: input.draft.ticket } : {}),
    requestedBy: input.requester,
    source: input.source,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    policy,
    plan,
    decisions: [],
    results: input.draft.operations.map(() => null),
    nextStep: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const outcome: EventSpec =
    policy.decision === 'denied'
      ? { type: 'requestDenied', data: { reasons: policy.reasons } }
      : policy.decision === 'autoApproved'
        ? { type: 'requestAutoApproved', data: { reasons: policy.reasons } }
        : { type: 'approvalRequested', data: { approvers: policy.approvers } };
  // The deciding rules' shortest window, where they set one; else the policy's default.
  const windowMs =
    (policy.approvalTimeout ? parseDurationMs(policy.approvalTimeout) : undefined) ??
    deps.policy.approvalTimeoutMs;
  const approvalExpiresAt = new Date(now.getTime() + windowMs);
  const { next, events } = recordEvents(
    draftRequest,
    'new',
    [
      {
        type: 'requestSubmitted',
        data: {
          source: input.source,
          ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        },
      },
      { type: 'policyEvaluated', data: policy },
      outcome,
    ],
    { actor: input.requester.id, now },
    policy.decision === 'approvalRequired'
      ? { approvalExpiresAt: approvalExpiresAt.toISOString() }
      : { approvalExpiresAt: undefined },
  );

  const keyed = input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : undefined;
  if ((await deps.store.create(next, events, keyed)) === 'exists') {
    const existing = await deps.store.get(requestId);
    if (!existing) throw new Error(`request ${requestId} exists but cannot be read`);
    return ok({ request: existing.request, created: false, nudged: true });
  }
  // Only an auto-approved request has work for the executor now. An undecided one's deadline is kept by the
  // sweeper and checked at every decision, so no message waits a day on the queue for it.
  const nudged = next.state === 'approved' ? await nudgeSafely(deps.nudger, next) : true;
  return ok({ request: next, created: true, nudged });
}

/** After a commit the request is safe; a lost nudge only delays it until the sweeper's next pass. */
export async function nudgeSafely(nudger: Nudger, request: IdentityRequest): Promise<boolean> {
  try {
    await nudger.nudge(nudgeOf(request));
    return true;
  } catch {
    return false;
  }
}
