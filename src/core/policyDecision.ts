/** What policy said of a request, always with its reasons. */
export interface PolicyDecision {
  decision: 'approvalRequired' | 'autoApproved' | 'denied';
  reasons: string[];
  /** Who may approve: object IDs, user principal names or `role:<app role>`. */
  approvers: string[];
}
