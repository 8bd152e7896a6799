import { parseDurationMs } from '../duration.js';
import type { PolicyInput } from '../ports.js';
import type { PolicyDecision } from '../policyDecision.js';
import type { ModelRule, PolicyModel } from './policyModel.js';
import { verdictOf } from './operationVerdict.js';

const unique = (lists: string[][]): string[] => [...new Set(lists.flat())];

/**
 * Any denial denies; otherwise a plan that changes nothing may be auto-approved; otherwise every rule that
 * wants a person must be satisfied at once: the largest quorum, the shortest window, approvers in every set.
 */
export function evaluatePolicy(model: PolicyModel, input: PolicyInput): PolicyDecision {
  const verdicts = input.operations.map((op, i) =>
    verdictOf(op, i, {
      model,
      target: input.target,
      now: Date.parse(input.plan.computedAt),
      steps: input.plan.steps,
    }),
  );
  const touched = verdicts.flatMap((v) => (v.kind !== 'denied' && v.rule ? [v.rule] : []));
  // Who may look at it, even when no person has to decide.
  const approvers = unique([model.approvers, ...touched.map((r) => r.approvers)]);
  const denials = verdicts.flatMap((v) => (v.kind === 'denied' ? [v.reason] : []));
  if (denials.length > 0) return { decision: 'denied', reasons: denials, approvers };

  const noChange = model.autoApprove.find(({ rule }) => rule.kind === 'noChange');
  if (noChange && input.plan.steps.length > 0 && input.plan.steps.every((s) => s.change === 'none'))
    return { decision: 'autoApproved', reasons: [`${noChange.label}: the plan changes nothing`], approvers };

  const reasons = verdicts.map((v) => v.reason);
  const deciding = uniqueRules(verdicts.flatMap((v) => (v.kind === 'approval' ? [v.rule] : [])));
  if (deciding.length === 0) return { decision: 'autoApproved', reasons, approvers };
  const windows = deciding.map((r) => r.approvalTimeout);
  const shortest = windows.reduce((a, b) => ((parseDurationMs(b) ?? 0) < (parseDurationMs(a) ?? 0) ? b : a));
  return {
    decision: 'approvalRequired',
    reasons,
    approvers: unique(deciding.map((r) => r.approvers)),
    quorum: Math.max(...deciding.map((r) => r.quorum)),
    approverSets: deciding.map((r) => [...r.approvers]),
    approvalTimeout: shortest,
  };
}

const uniqueRules = (rules: ModelRule[]): ModelRule[] => [...new Set(rules)];
