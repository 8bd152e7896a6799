import type { IdentityRequest } from '../identityRequest.js';
import type { PlannedStep } from '../plan.js';
import type { ArmGateway } from '../ports.js';

/** Everything a step runner sees: the request as stored, its step, and ARM. */
export interface StepContext {
  request: IdentityRequest;
  stepIndex: number;
  step: PlannedStep;
  arm: ArmGateway;
  now: Date;
  /** The resume token of a long-running operation this step started earlier. */
  resumeToken?: string;
}
