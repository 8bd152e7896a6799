import type { Actor } from './caller.js';
import type { Operation } from './operation.js';
import type { Plan } from './plan.js';
import type { PolicyDecision } from './policyDecision.js';
import type { RequestState } from './requestState.js';
import type { TargetKind } from './targetTypes.js';

export interface Ticket {
  system: string;
  id: string;
  url?: string;
  /**
   * The ticket system's own key for the record, where write-back needs one that people do not read:
   * a ServiceNow RITM's `sys_id`, a Jira issue's numeric ID. Set only by the ticket intakes.
   */
  recordId?: string;
}

/** Where a request came in; write-back to a ticket happens only for requests its own intake verified. */
export const REQUEST_SOURCES = ['http', 'queue', 'servicenow', 'jira'] as const;
export type RequestSource = (typeof REQUEST_SOURCES)[number];

export interface Decision {
  decision: 'approved' | 'rejected';
  by: Actor;
  at: string;
  comment?: string;
  /** The request version the approver saw. */
  version: number;
}

/** What one operation produced: identities' IDs, the role assignment's ID, or that nothing needed doing. */
export interface OperationResult {
  status: 'succeeded' | 'noChange';
  principalId?: string;
  tenantId?: string;
  clientId?: string;
  roleAssignmentId?: string;
  roleDefinitionId?: string;
  removedRoleAssignmentIds?: string[];
  note?: string;
  /** A time-bound grant: when this request's hold on the assignment ends. */
  expiresAt?: string;
  /** When this request's time-bound grant ended (the assignment is removed unless someone else holds it). */
  revokedAt?: string;
  /** Who made the assignment a grant relies on: only one the broker made is ever removed by it. */
  origin?: 'broker' | 'external';
}

export interface RequestError {
  code: string;
  message: string;
  /** The operation that failed, where one did. */
  operation?: number;
}

/** Progress of the step under way, kept so retries and long-running operations survive restarts. */
export interface StepProgress {
  step: number;
  /** Every retry of this step so far. */
  attempt: number;
  /** Of those, retries of throttling and outages: bounded by `maxAttempts`. */
  transientAttempts?: number;
  /** Of those, failures no ARM classification covers (bugs and the like): bounded by `maxUnexpectedAttempts`. */
  unexpectedAttempts?: number;
  firstAttemptAt: string;
  /** A long-running ARM operation to resume rather than start again. */
  resumeToken?: string;
  /** The time ARM's budget gave this step for its change: it holds that slot, so it does not ask again. */
  slotAt?: string;
  lastError?: { code: string; message: string };
}

/** The state row of a request: everything needed to decide and take its next step. */
export interface IdentityRequest {
  id: string;
  state: RequestState;
  /** The sequence number of the last event; the next event is `version + 1`. */
  version: number;
  target: string;
  targetKind: TargetKind;
  operations: Operation[];
  justification: string;
  ticket?: Ticket;
  requestedBy: Actor;
  source: RequestSource;
  /** The submitting message's ID, carried into events. */
  correlationId?: string;
  policy: PolicyDecision;
  plan: Plan;
  decisions: Decision[];
  /** One entry per operation, filled in as steps succeed. */
  results: Array<OperationResult | null>;
  nextStep: number;
  progress?: StepProgress;
  notBefore?: string;
  error?: RequestError;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  /** When an undecided request expires. */
  approvalExpiresAt?: string;
  /** Someone ended the request's time-bound grants early. */
  revocationRequested?: { by: Actor; at: string };
}
