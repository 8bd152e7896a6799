import { grantPartiesFrom } from '../../../src/core/grantParties.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import type { StepContext } from '../../../src/core/steps/stepContext.js';
import type { World } from '../../fakes/world.js';

/** The context the executor would give step `stepIndex` of `request`. */
export function contextFor(w: World, request: IdentityRequest, stepIndex: number): StepContext {
  const step = request.plan.steps[stepIndex];
  if (!step) throw new Error(`request ${request.id} has no step ${stepIndex}`);
  return {
    request,
    stepIndex,
    step,
    arm: w.arm,
    ledger: w.ledger,
    parties: grantPartiesFrom(w.store),
    store: w.store,
    now: w.clock.now(),
  };
}
