import type { GrantLedger } from '../grantLedger.js';
import type { GrantParties } from '../grantParties.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { PlannedStep } from '../plan.js';
import type { ArmGateway, RequestStore } from '../ports.js';

/** Everything a step runner sees: the request as stored, its step, ARM and the grant ledger. */
export interface StepContext {
  request: IdentityRequest;
  stepIndex: number;
  step: PlannedStep;
  arm: ArmGateway;
  ledger: GrantLedger;
  /** What the ledger asks of the other requests it names: one read of each, when met. */
  parties: GrantParties;
  /** Requests are recorded on when another request's removal ends their grant. */
  store: RequestStore;
  now: Date;
  /** The resume token of a long-running operation this step started earlier. */
  resumeToken?: string;
}
