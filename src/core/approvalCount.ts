import type { IdentityRequest } from './identityRequest.js';
import type { PolicyDecision } from './policyDecision.js';

/** The distinct approvers so far, by object ID: one person approving twice counts once. */
export const approvedBy = (request: IdentityRequest): Set<string> =>
  new Set(request.decisions.filter((d) => d.decision === 'approved').map((d) => d.by.id.toLowerCase()));

/** Approvals needed: the larger of the quorum shown at submission and the one policy asks for now. */
export const requiredApprovals = (request: IdentityRequest, current?: PolicyDecision): number =>
  Math.max(request.policy.quorum ?? 1, current?.quorum ?? 1);

/**
 * Approvals policy now asks for that the request lacks, checked again before the first ARM write: a policy
 * that came to need more (or any) approvals since the decision does not inherit the old one. 0: enough.
 */
export const approvalsMissingNow = (request: IdentityRequest, current: PolicyDecision): number =>
  current.decision === 'approvalRequired'
    ? Math.max(0, requiredApprovals(request, current) - approvedBy(request).size)
    : 0;

/** What the request view shows while people decide; null when no person has to. */
export function approvalsOf(
  request: IdentityRequest,
): { required: number; received: number; missing: number } | null {
  if (request.policy.decision !== 'approvalRequired') return null;
  const required = requiredApprovals(request);
  const received = approvedBy(request).size;
  return { required, received, missing: Math.max(0, required - received) };
}
