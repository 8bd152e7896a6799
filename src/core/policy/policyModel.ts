import { parseDurationMs } from '../duration.js';
import { roleDefinitionGuid } from '../roleAssignmentName.js';
import { PRIVILEGED_ROLES } from './builtInRoles.js';
import type { AutoApproveRule, EligibilityRule, PolicyDocument } from './policyDocument.js';
import { parseScopePrefix, prefixDepth, ROOT_PREFIX } from './scopePrefix.js';
import type { RoleRef } from './roleMatch.js';
import { roleMatches } from './roleMatch.js';

/** A scope rule read for evaluation: defaults filled in, its place in the document kept for reasons. */
export interface ModelRule {
  /** How reasons name it: `scopes[2] (/subscriptions/…/resourceGroups/rg-data)`. */
  label: string;
  prefix: string;
  allowedRoles?: string[];
  maxDurationMs?: number;
  maxDuration?: string;
  identityOperationsNeedApproval: boolean;
  approvers: string[];
  quorum: number;
  approvalTimeout: string;
}

export interface PolicyModel {
  version: 1 | 2;
  approvers: string[];
  isForbidden(role: RoleRef): boolean;
  /** Most specific first. */
  rules: ModelRule[];
  autoApprove: Array<{ label: string; rule: AutoApproveRule }>;
  eligibility: Array<{ label: string; rule: EligibilityRule }>;
}

const normalised = (text: string): string => {
  const parsed = parseScopePrefix(text);
  if (!parsed.ok) throw new Error(`unchecked policy prefix ${text}`); // the schema refuses these
  return parsed.value;
};

/** Reads a checked document into the model; a version 1 document is one catch-all rule under `/`. */
export function policyModelOf(doc: PolicyDocument): PolicyModel {
  const forbidden = doc.forbiddenRoles;
  // A forbidden name also forbids its built-in GUID, so a request cannot dodge the list by naming the ID.
  const forbiddenIds = new Set<string>(
    PRIVILEGED_ROLES.filter((p) => forbidden.some((f) => f.toLowerCase() === p.name.toLowerCase())).map(
      (p) => p.id,
    ),
  );
  const isForbidden = (role: RoleRef) =>
    forbiddenIds.has(roleDefinitionGuid(role.roleDefinitionId)) ||
    forbidden.some((f) => roleMatches(f, role));

  const rules: ModelRule[] =
    doc.version === 2
      ? (doc.scopes ?? []).map((rule, i) => {
          const prefix = normalised(rule.scope);
          return {
            label: `scopes[${i}] (${prefix})`,
            prefix,
            ...(rule.allowedRoles ? { allowedRoles: rule.allowedRoles } : {}),
            ...(rule.maxDuration
              ? { maxDuration: rule.maxDuration, maxDurationMs: parseDurationMs(rule.maxDuration) as number }
              : {}),
            identityOperationsNeedApproval: rule.identityOperationsNeedApproval ?? true,
            approvers: rule.approvers ?? doc.approvers,
            quorum: rule.quorum ?? 1,
            approvalTimeout: rule.approvalTimeout ?? doc.approvalTimeout,
          };
        })
      : [
          {
            label: 'approvers',
            prefix: ROOT_PREFIX,
            identityOperationsNeedApproval: true,
            approvers: doc.approvers,
            quorum: 1,
            approvalTimeout: doc.approvalTimeout,
          },
        ];
  rules.sort((a, b) => prefixDepth(b.prefix) - prefixDepth(a.prefix));
  return {
    version: doc.version ?? 1,
    approvers: doc.approvers,
    isForbidden,
    rules,
    autoApprove: (doc.autoApprove ?? []).map((rule, i) => ({ label: `autoApprove[${i}]`, rule })),
    eligibility: (doc.eligibility ?? []).map((rule, i) => ({ label: `eligibility[${i}]`, rule })),
  };
}
