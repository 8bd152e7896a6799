import { isBroadRole, narrowerRoleFor } from './broadRoles.js';
import type { GrantLimit } from './grantLimit.js';
import type { ResolvedRole } from './plan.js';
import type { RequestDraft } from './requestSchema.js';
import { isWithinScope, parseResourceId, type ScopeKind } from './resourceId.js';

/** Least-privilege hints on one grant the plan makes: each says what to ask for instead, or why not to. */

const resourceScope = (scope: string): boolean => {
  const parsed = parseResourceId(scope);
  return parsed.ok && parsed.value.kind === 'resource';
};

/**
 * Where the grant could be made instead: a resource the request names elsewhere under the same scope, else
 * the target's resource group (under a management group it cannot be told from the IDs, so it is assumed).
 */
function narrowerScope(
  draft: RequestDraft,
  index: number,
  scope: string,
  kind: ScopeKind,
): string | undefined {
  const named = draft.operations.find(
    (op, i) => i !== index && 'scope' in op && resourceScope(op.scope) && isWithinScope(op.scope, scope),
  );
  if (named && 'scope' in named) return named.scope;
  const target = parseResourceId(draft.target);
  if (!target.ok || !target.value.resourceGroup) return undefined;
  const group = `/subscriptions/${target.value.subscriptionId}/resourceGroups/${target.value.resourceGroup}`;
  return kind === 'managementGroup' || isWithinScope(group, scope) ? group : undefined;
}

const dataPlaneHint = (roleName: string): string | undefined => {
  const narrower = narrowerRoleFor(roleName);
  return narrower && `'${roleName}' ${narrower.why} '${narrower.instead}'.`;
};

/** A broad role at a wide scope gets a narrower scope; a management role with a data-plane twin gets that. */
export function scopeAndRoleHint(draft: RequestDraft, index: number, role: ResolvedRole): string | undefined {
  const parsed = parseResourceId(role.scope);
  const kind = parsed.ok ? parsed.value.kind : undefined;
  const wide = kind === 'subscription' || kind === 'managementGroup';
  const dataPlane = dataPlaneHint(role.roleName);
  const name = `'${role.roleName}'`;
  if (!wide || !kind) return dataPlane;
  if (!isBroadRole(role.roleName))
    return `${name} at ${kind} scope: consider a narrower scope (a resource group or resource).`;
  const narrower = narrowerScope(draft, index, role.scope, kind);
  const scopeHint = `${name} at ${kind} scope reaches everything under it: grant it at ${narrower ?? 'a resource group or resource'} instead.`;
  return dataPlane ? `${scopeHint} ${dataPlane}` : scopeHint;
}

/** A grant without an end, where policy names the end that it would take (or that would spare an approval). */
export function openEndedHint(role: ResolvedRole, limit: GrantLimit | undefined): string | undefined {
  if (!limit) return undefined;
  const name = `'${role.roleName}'`;
  return limit.kind === 'limit'
    ? `${name} has no end, and ${limit.rule} allows grants of at most ${limit.maxDuration} here: give it a duration of ${limit.maxDuration} or less (policy refuses it without one).`
    : `${name} has no end: with a duration of ${limit.maxDuration} or less it would need no approval (${limit.rule}).`;
}

/** The grantee already holds the same role higher up, which covers this scope. */
export function heldAboveHint(role: ResolvedRole, above: readonly string[] | undefined): string | undefined {
  const first = above?.[0];
  if (!first) return undefined;
  return `'${role.roleName}' is already held by this identity at ${first}, which includes ${role.scope}: this grant adds nothing while that assignment stays.`;
}
