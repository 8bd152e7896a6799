import type { Clock } from '../clock.js';
import type { GrantLedger } from '../grantLedger.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { ArmBudget, ArmGateway, Nudger, Policy, RequestStore } from '../ports.js';
import type { RetrySettings } from '../retrySettings.js';

/** What the executor's use cases need (advancing a request, ending its grants): one type, no cycle between them. */
export interface AdvanceDeps {
  store: RequestStore;
  ledger: GrantLedger;
  arm: ArmGateway;
  /** Absent: every change is sent at once (ARM's 429s are still ridden out as retries). */
  budget?: ArmBudget;
  policy: Policy;
  nudger: Nudger;
  clock: Clock;
  retry?: RetrySettings;
}

/** What one nudge did, for the log. */
export type AdvanceOutcome =
  | { action: 'nothingToDo'; reason: string }
  | { action: 'committed'; state: IdentityRequest['state']; events: string[]; next?: string }
  | { action: 'conflict' };
