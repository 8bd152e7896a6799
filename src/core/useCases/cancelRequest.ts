import type { IdentityRequest } from '../identityRequest.js';
import type { Result } from '../result.js';
import {
  commitDecision,
  type DecisionDeps,
  type DecisionInput,
  err,
  loadForDecision,
} from './decisionCommon.js';
import type { UseCaseError } from './useCaseErrors.js';

/** The requester withdraws a request that has not started applying. */
export async function cancelRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestCancelled', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  if (!access.isRequester)
    return err({ code: 'forbidden', message: 'only the requester can cancel a request' });
  const event = {
    type: 'requestCancelled' as const,
    ...(input.comment ? { data: { comment: input.comment } } : {}),
  };
  return commitDecision(stored, input, deps, event, { approvalExpiresAt: undefined });
}
