import type { z } from 'zod';
import type { previewSchema } from '../requestViewSchema.js';
import { ok, type Result } from '../result.js';
import { type AssessDeps, type AssessInput, assessSubmission } from './assessSubmission.js';
import type { UseCaseError } from './useCaseErrors.js';

/** What a submission would come to: its plan and policy decision, with the operations as they would be kept. */
export type Preview = z.output<typeof previewSchema>;

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
