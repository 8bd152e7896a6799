import type { GrantLedger } from '../grantLedger.js';
import type { HolderLiveness } from '../grantHolds.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { PlannedStep } from '../plan.js';
import type { ArmGateway } from '../ports.js';

/** Everything a step runner sees: the request as stored, its step, ARM and the grant ledger. */
export interface StepContext {
  request: IdentityRequest;
  stepIndex: number;
  step: PlannedStep;
  arm: ArmGateway;
  ledger: GrantLedger;
  /** Whether another holder of a grant still holds it: one read of that holder's request. */
  isLive: HolderLiveness;
  now: Date;
  /** The resume token of a long-running operation this step started earlier. */
  resumeToken?: string;
}
