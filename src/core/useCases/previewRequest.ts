import type { Operation } from '../operation.js';
import type { Plan } from '../plan.js';
import type { PolicyDecision } from '../policyDecision.js';
import { ok, type Result } from '../result.js';
import type { TargetKind } from '../targetTypes.js';
import { type AssessDeps, type AssessInput, assessSubmission } from './assessSubmission.js';
import type { UseCaseError } from './useCaseErrors.js';

/** What a submission would come to: its plan and policy decision, with the operations as they would be kept. */
export interface Preview {
  target: string;
  targetKind: TargetKind;
  operations: Operation[];
  policy: PolicyDecision;
  plan: Plan;
}

/** What-if: the submission's own assessment, stored nowhere and nudging nobody. */
export async function previewRequest(
  input: AssessInput,
  deps: AssessDeps,
): Promise<Result<Preview, UseCaseError>> {
  const assessed = await assessSubmission(input, deps);
  if (!assessed.ok) return assessed;
  const { targetKind, policy, plan } = assessed.value;
  return ok({ target: input.draft.target, targetKind, operations: input.draft.operations, policy, plan });
}
