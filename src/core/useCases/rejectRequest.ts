import type { IdentityRequest } from '../identityRequest.js';
import type { Result } from '../result.js';
import {
  approverOnly,
  commitDecision,
  type DecisionDeps,
  type DecisionInput,
  decisionOf,
  err,
  loadForDecision,
} from './decisionCommon.js';
import type { UseCaseError } from './useCaseErrors.js';

/** An approver says no, with a reason; the requester withdraws with cancel instead. */
export async function rejectRequest(
  input: DecisionInput & { comment: string },
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestRejected', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  const refused = approverOnly(access, 'reject');
  if (refused) return err(refused);
  const decision = decisionOf('rejected', stored, input, deps.clock.now());
  return commitDecision(
    stored,
    input,
    deps,
    { type: 'requestRejected', data: decision },
    {
      decisions: [...stored.request.decisions, decision],
      approvalExpiresAt: undefined,
    },
  );
}
