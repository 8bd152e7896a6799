/** What policy said of a request, always with its reasons. */
export interface PolicyDecision {
  decision: 'approvalRequired' | 'autoApproved' | 'denied';
  /** Each names the rule that made it (`scopes[2] (…/rg-data): …`). */
  reasons: string[];
  /** Who may look at it: object IDs, `role:<app role>` or `group:<group object ID>`. */
  approvers: string[];
  /** Distinct approvers needed (approvalRequired); absent: 1. */
  quorum?: number;
  /** One set per deciding rule: each approver must be in every set. Absent: `approvers`. */
  approverSets?: string[][];
  /** How long it waits for approval; absent: the policy's default. */
  approvalTimeout?: string;
}
