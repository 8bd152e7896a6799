/**
 * The longest grant policy would take for a role at a scope, and what an end would buy: `limit`, a scope
 * rule's `maxDuration` (past it, or without an end, the grant is refused); `noApproval`, an auto-approval rule
 * that approves the grant without a person if it ends within `maxDuration`.
 */
export interface GrantLimit {
  kind: 'limit' | 'noApproval';
  maxDuration: string;
  /** The rule, as policy reasons name it: `scopes[1] (…)`, `autoApprove[0]`. */
  rule: string;
}
