import { type Caller, sameActor } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { isApprover } from '../policy/isApprover.js';
import type { Policy } from '../ports.js';

/** How a caller stands towards one request. */
export interface RequestAccess {
  isRequester: boolean;
  isApprover: boolean;
  approvesAnything: boolean;
}

/** Approvers are those the current policy names for this request, so a revoked approver loses access at once. */
export function accessOf(caller: Caller, request: IdentityRequest, policy: Policy): RequestAccess {
  const approvers = policy.evaluate({
    target: request.target,
    operations: request.operations,
    requestedBy: request.requestedBy,
    plan: request.plan,
  }).approvers;
  return {
    isRequester: sameActor(caller, request.requestedBy),
    isApprover: isApprover(caller, approvers),
    approvesAnything: policy.approvesAnything(caller),
  };
}

/** Approvers see every request (as they do when listing); deciding one takes being its approver. */
export const canSee = (access: RequestAccess): boolean =>
  access.isRequester || access.isApprover || access.approvesAnything;
