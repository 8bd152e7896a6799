import { parseDurationMs } from '../duration.js';
import type { GrantLimit } from '../grantLimit.js';
import { parseResourceId } from '../resourceId.js';
import type { PolicyModel } from './policyModel.js';
import { roleMatches, type RoleRef } from './roleMatch.js';
import { isWithinPrefix, parseScopePrefix } from './scopePrefix.js';

const prefixOf = (text: string): string => {
  const parsed = parseScopePrefix(text);
  return parsed.ok ? parsed.value : text;
};

/**
 * What an end would change for a grant of `role` at `scope`, for the plan's note on a grant without one:
 * the scope rule's limit first (without an end the grant is refused), else the most generous auto-approval.
 * Undefined: policy says nothing about an end here (or never grants the role at all).
 */
export function longestGrant(model: PolicyModel, role: RoleRef, scope: string): GrantLimit | undefined {
  if (model.isForbidden(role)) return undefined;
  const rule = model.rules.find((r) => isWithinPrefix(scope, r.prefix)); // most specific first
  if (rule?.allowedRoles && !rule.allowedRoles.some((entry) => roleMatches(entry, role))) return undefined;
  if (rule?.maxDuration) return { kind: 'limit', maxDuration: rule.maxDuration, rule: rule.label };
  const kind = parseResourceId(scope);
  const auto = model.autoApprove
    .flatMap(({ label, rule: a }) =>
      a.kind === 'roles' &&
      a.roles.some((entry) => roleMatches(entry, role)) &&
      (a.scopeKinds === undefined || (kind.ok && a.scopeKinds.includes(kind.value.kind))) &&
      (a.under === undefined || isWithinPrefix(scope, prefixOf(a.under)))
        ? [{ label, maxDuration: a.maxDuration }]
        : [],
    )
    .sort((a, b) => (parseDurationMs(b.maxDuration) ?? 0) - (parseDurationMs(a.maxDuration) ?? 0))[0];
  return auto ? { kind: 'noApproval', maxDuration: auto.maxDuration, rule: auto.label } : undefined;
}
