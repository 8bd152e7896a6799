import type { Actor } from '../caller.js';
import type { Clock } from '../clock.js';
import type { GrantLedger } from '../grantLedger.js';
import type { Plan } from '../plan.js';
import { planRequest } from '../planRequest.js';
import type { PolicyDecision } from '../policyDecision.js';
import type { ArmGateway, Policy, SubmissionCounter } from '../ports.js';
import type { RequestDraft } from '../requestSchema.js';
import { err, ok, type Result } from '../result.js';
import type { TargetKind } from '../targetTypes.js';
import type { UseCaseError } from './useCaseErrors.js';

export interface AssessInput {
  draft: RequestDraft;
  requester: Actor;
  /** Whose budget this counts against (HTTP callers); unset: not limited. */
  limitedAs?: string;
}

export interface AssessDeps {
  ledger: GrantLedger;
  arm: ArmGateway;
  policy: Policy;
  clock: Clock;
  submissions?: SubmissionCounter;
}

export interface Assessment {
  now: Date;
  plan: Plan;
  targetKind: TargetKind;
  policy: PolicyDecision;
}

const tooMany = (retryAfterMs: number): UseCaseError => ({
  code: 'tooManySubmissions',
  message: 'you have reached the number of submissions allowed per minute',
  retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
});

/**
 * The per-caller limit ▸ the plan against live ARM state ▸ policy. A submission and its what-if both come
 * through here, so what-if answers exactly what the submission that follows would store. Writes nothing
 * but the limit's count.
 */
export async function assessSubmission(
  input: AssessInput,
  deps: AssessDeps,
): Promise<Result<Assessment, UseCaseError>> {
  const now = deps.clock.now();
  // Before planning, whose ARM reads are what the limit protects.
  if (input.limitedAs && deps.submissions) {
    const taken = await deps.submissions.take(input.limitedAs.toLowerCase(), now);
    if (!taken.allowed) return err(tooMany(taken.retryAfterMs));
  }
  const planned = await planRequest(input.draft, deps.arm, now, deps.ledger, deps.policy);
  if (!planned.ok) return err(planned.error);
  const { plan, targetKind } = planned.value;
  const policy = deps.policy.evaluate({ ...input.draft, requestedBy: input.requester, plan });
  return ok({ now, plan, targetKind, policy });
}
