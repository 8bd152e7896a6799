import { type Caller, sameActor } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { isApprover } from '../policy/isApprover.js';
import type { PolicyDecision } from '../policyDecision.js';
import type { Policy } from '../ports.js';

/** How a caller stands towards one request. */
export interface RequestAccess {
  isRequester: boolean;
  isApprover: boolean;
  approvesAnything: boolean;
  /** What the current policy says of the request (its quorum may have grown since submission). */
  decision: PolicyDecision;
}

/**
 * An approver must be named by every rule that wants a person for this request (each scope it touches),
 * so no one approves a grant on a scope they do not answer for.
 */
const approvesThis = (caller: Caller, decision: PolicyDecision): boolean => {
  const sets = decision.approverSets?.length ? decision.approverSets : [decision.approvers];
  return sets.every((set) => isApprover(caller, set));
};

/** Approvers are those the current policy names for this request, so a revoked approver loses access at once. */
export function accessOf(caller: Caller, request: IdentityRequest, policy: Policy): RequestAccess {
  const decision = policy.evaluate({
    target: request.target,
    operations: request.operations,
    requestedBy: request.requestedBy,
    plan: request.plan,
  });
  return {
    isRequester: sameActor(caller, request.requestedBy),
    isApprover: approvesThis(caller, decision),
    approvesAnything: policy.approvesAnything(caller),
    decision,
  };
}

/** Approvers see every request (as they do when listing); deciding one takes being its approver. */
export const canSee = (access: RequestAccess): boolean =>
  access.isRequester || access.isApprover || access.approvesAnything;
