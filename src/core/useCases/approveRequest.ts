import { approvedBy, requiredApprovals } from '../approvalCount.js';
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

/**
 * An approver other than the requester approves the version they saw. Short of the quorum the approval is
 * recorded and the request keeps waiting; the last one needed approves it and nudges the executor at once.
 */
export async function approveRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestApproved', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  const refused = approverOnly(access, 'approve');
  if (refused) return err(refused);
  const already = approvedBy(stored.request);
  if (already.has(input.caller.id.toLowerCase()))
    return err({ code: 'alreadyApproved', message: 'you have already approved this request' });
  const decision = decisionOf('approved', stored, input, deps.clock.now());
  const decisions = [...stored.request.decisions, decision];
  if (already.size + 1 < requiredApprovals(stored.request, access.decision))
    return commitDecision(stored, input, deps, { type: 'approvalRecorded', data: decision }, { decisions });
  const committed = await commitDecision(
    stored,
    input,
    deps,
    { type: 'requestApproved', data: decision },
    { decisions, approvalExpiresAt: undefined },
  );
  if (committed.ok) await nudgeSafely(deps.nudger, committed.value);
  return committed;
}
