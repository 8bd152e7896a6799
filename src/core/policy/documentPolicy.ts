import { parseDurationMs } from '../duration.js';
import type { Policy, PolicyInput } from '../ports.js';
import type { PolicyDecision } from '../policyDecision.js';
import { roleDefinitionGuid } from '../roleAssignmentName.js';
import { PRIVILEGED_ROLES } from './builtInRoles.js';
import type { PolicyDocument } from './policyDocument.js';
import { isApprover } from './isApprover.js';

/** Policy from a policy document: forbidden roles are denied, everything else waits for an approver. */
export function createDocumentPolicy(document: PolicyDocument): Policy {
  // Entries may be names, GUIDs or full role definition IDs; IDs are compared by their GUID.
  const forbidden = document.forbiddenRoles.map((r) =>
    r.includes('/') ? roleDefinitionGuid(r) : r.toLowerCase(),
  );
  // A forbidden name also forbids its built-in GUID, so a request cannot dodge the list by naming the ID.
  const forbiddenIds = new Set([
    ...forbidden,
    ...PRIVILEGED_ROLES.filter((r) => forbidden.includes(r.name.toLowerCase())).map((r) => r.id),
  ]);
  const isForbidden = (roleName: string, roleDefinitionId: string) =>
    forbidden.includes(roleName.toLowerCase()) || forbiddenIds.has(roleDefinitionGuid(roleDefinitionId));

  return {
    approvalTimeoutMs: parseDurationMs(document.approvalTimeout) as number,
    approvesAnything: (caller) => isApprover(caller, document.approvers),
    evaluate(input: PolicyInput): PolicyDecision {
      const denials = input.plan.steps.flatMap((step) =>
        step.kind === 'assignRole' && step.role && isForbidden(step.role.roleName, step.role.roleDefinitionId)
          ? [`operations[${step.operations[0]}]: '${step.role.roleName}' is never granted by the broker`]
          : [],
      );
      // Approvers are named even on a denial: they are who may look at it.
      if (denials.length > 0)
        return { decision: 'denied', reasons: denials, approvers: [...document.approvers] };
      return {
        decision: 'approvalRequired',
        reasons: ['every request is approved by a person under the current policy'],
        approvers: [...document.approvers],
      };
    },
  };
}
