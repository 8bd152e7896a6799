import { parseDurationMs } from '../duration.js';
import type { Policy, PolicyInput } from '../ports.js';
import type { PolicyDecision } from '../policyDecision.js';
import { evaluatePolicy } from './evaluatePolicy.js';
import type { PolicyDocument } from './policyDocument.js';
import { isApprover } from './isApprover.js';
import { longestGrant } from './longestGrant.js';
import { policyModelOf } from './policyModel.js';

/** Policy from a checked policy document (either version), evaluated by the one engine. */
export function createDocumentPolicy(document: PolicyDocument): Policy {
  const model = policyModelOf(document);
  // Every approver any rule names sees every request, as the document's own approvers do.
  const everyApprover = [...new Set([...document.approvers, ...model.rules.flatMap((r) => r.approvers)])];
  return {
    approvalTimeoutMs: parseDurationMs(document.approvalTimeout) as number,
    approvesAnything: (caller) => isApprover(caller, everyApprover),
    evaluate: (input: PolicyInput): PolicyDecision => evaluatePolicy(model, input),
    longestGrant: (role) => longestGrant(model, role, role.scope),
  };
}
