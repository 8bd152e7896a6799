import { parseDurationMs } from '../duration.js';
import type { Operation } from '../operation.js';
import type { PlannedStep } from '../plan.js';
import { parseResourceId, resourceIdKey } from '../resourceId.js';
import type { ModelRule, PolicyModel } from './policyModel.js';
import type { RoleRef } from './roleMatch.js';
import { roleMatches } from './roleMatch.js';
import { isWithinPrefix, parseScopePrefix } from './scopePrefix.js';

/** What policy says of one operation, with the reason naming the rule that said it. */
export type Verdict =
  | { kind: 'denied'; reason: string }
  | { kind: 'auto'; reason: string; rule?: ModelRule }
  | { kind: 'approval'; reason: string; rule: ModelRule };

export interface VerdictContext {
  model: PolicyModel;
  target: string;
  /** The plan's time: the "now" an `expiresAt` is measured from. */
  now: number;
  steps: PlannedStep[];
}

const ruleFor = (model: PolicyModel, id: string): ModelRule | undefined =>
  model.rules.find((rule) => isWithinPrefix(id, rule.prefix)); // sorted most specific first

const prefixOf = (text: string): string => {
  const parsed = parseScopePrefix(text);
  return parsed.ok ? parsed.value : text;
};

const within = (id: string, text: string): boolean => isWithinPrefix(id, prefixOf(text));

const approvalsFrom = (rule: ModelRule): string =>
  `${rule.quorum} approval${rule.quorum === 1 ? '' : 's'} from ${rule.approvers.join(', ')}`;

const uncovered = (i: number, what: string, id: string): Verdict => ({
  kind: 'denied',
  reason: `operations[${i}]: no rule in scopes covers ${what} ${id}`,
});

/** The grant's length in milliseconds; undefined: it never ends. */
function grantLength(op: Extract<Operation, { kind: 'assignRole' }>, now: number): number | undefined {
  if (op.duration) return parseDurationMs(op.duration);
  if (op.expiresAt) return Date.parse(op.expiresAt) - now;
  return undefined;
}

export function verdictOf(op: Operation, i: number, context: VerdictContext): Verdict {
  const { model, target } = context;
  if (op.kind === 'assignRole') return grantVerdict(op, i, context);
  const scope = op.kind === 'removeRoleAssignment' ? op.scope : target;
  const rule = ruleFor(model, scope);
  if (!rule) return uncovered(i, op.kind === 'removeRoleAssignment' ? 'the scope' : 'the target', scope);
  if (op.kind === 'removeRoleAssignment')
    return {
      kind: 'approval',
      rule,
      reason: `${rule.label}: removing '${op.role}' needs ${approvalsFrom(rule)}`,
    };
  const auto = model.autoApprove.find(
    ({ rule: a }) => a.kind === 'identityOperations' && within(target, a.targets),
  );
  if (auto && auto.rule.kind === 'identityOperations')
    return {
      kind: 'auto',
      rule,
      reason: `${auto.label}: identity operations on targets under ${prefixOf(auto.rule.targets)} need no approval`,
    };
  if (!rule.identityOperationsNeedApproval)
    return {
      kind: 'auto',
      rule,
      reason: `${rule.label}: identity operations on targets here need no approval`,
    };
  return { kind: 'approval', rule, reason: `${rule.label}: ${op.kind} needs ${approvalsFrom(rule)}` };
}

function grantVerdict(
  op: Extract<Operation, { kind: 'assignRole' }>,
  i: number,
  context: VerdictContext,
): Verdict {
  const { model, target } = context;
  const step = context.steps.find((s) => s.kind === 'assignRole' && s.operations.includes(i));
  // The plan always resolves a granted role; without it nothing can be checked, so nothing is granted.
  if (!step?.role)
    return { kind: 'denied', reason: `operations[${i}]: the role '${op.role}' was not resolved` };
  const role: RoleRef = step.role;
  const name = `'${role.roleName}'`;
  if (model.isForbidden(role))
    return {
      kind: 'denied',
      reason: `operations[${i}]: ${name} is never granted by the broker (forbiddenRoles)`,
    };
  const rule = ruleFor(model, op.scope);
  if (!rule) return uncovered(i, 'the scope', op.scope);
  if (rule.allowedRoles && !rule.allowedRoles.some((entry) => roleMatches(entry, role)))
    return { kind: 'denied', reason: `${rule.label}: ${name} is not among the roles allowed here` };
  const length = grantLength(op, context.now);
  if (rule.maxDurationMs !== undefined && (length === undefined || length > rule.maxDurationMs))
    return {
      kind: 'denied',
      reason: `${rule.label}: a grant of ${name} here must end within ${rule.maxDuration}`,
    };

  const eligible =
    length === undefined
      ? undefined
      : model.eligibility.find(({ rule: e }) => {
          const principal = e.principal ?? 'systemAssigned';
          const targetType = parseResourceId(target);
          return (
            within(target, e.targets) &&
            (e.targetType === undefined ||
              (targetType.ok &&
                targetType.value.resourceType?.toLowerCase() === e.targetType.toLowerCase())) &&
            resourceIdKey(principal) === resourceIdKey(op.principal) &&
            roleMatches(e.role, role) &&
            within(op.scope, e.scope) &&
            length <= (parseDurationMs(e.maxDuration) as number)
          );
        });
  if (eligible)
    return {
      kind: 'auto',
      rule,
      reason: `${eligible.label}: ${eligible.rule.principal ?? 'systemAssigned'} of targets under ${prefixOf(eligible.rule.targets)} may activate ${name} on ${prefixOf(eligible.rule.scope)} for up to ${eligible.rule.maxDuration}`,
    };

  const scopeKind = parseResourceId(op.scope);
  const auto =
    length === undefined
      ? undefined
      : model.autoApprove.find(
          ({ rule: a }) =>
            a.kind === 'roles' &&
            a.roles.some((entry) => roleMatches(entry, role)) &&
            (a.scopeKinds === undefined || (scopeKind.ok && a.scopeKinds.includes(scopeKind.value.kind))) &&
            (a.under === undefined || within(op.scope, a.under)) &&
            length <= (parseDurationMs(a.maxDuration) as number),
        );
  if (auto && auto.rule.kind === 'roles')
    return {
      kind: 'auto',
      rule,
      reason: `${auto.label}: ${name}${auto.rule.scopeKinds ? ` at ${auto.rule.scopeKinds.join(' or ')} scope` : ''} up to ${auto.rule.maxDuration} needs no approval`,
    };
  return { kind: 'approval', rule, reason: `${rule.label}: ${name} needs ${approvalsFrom(rule)}` };
}
