import type { IdentityRequest } from '../identityRequest.js';
import type { Result } from '../result.js';
import { nudgeSafely } from './submitRequest.js';
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

/** An approver other than the requester approves the version they saw; the executor is nudged at once. */
export async function approveRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestApproved', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  const refused = approverOnly(access, 'approve');
  if (refused) return err(refused);
  const decision = decisionOf('approved', stored, input, deps.clock.now());
  const committed = await commitDecision(
    stored,
    input,
    deps,
    { type: 'requestApproved', data: decision },
    {
      decisions: [...stored.request.decisions, decision],
      approvalExpiresAt: undefined,
    },
  );
  if (committed.ok) await nudgeSafely(deps.nudger, committed.value);
  return committed;
}
