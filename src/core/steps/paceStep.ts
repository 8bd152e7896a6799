import type { StepProgress } from '../identityRequest.js';
import type { PlannedStep } from '../plan.js';
import type { ArmBudget } from '../ports.js';

/**
 * When a step may send its changes: undefined for now, else the later slot ARM's budget gave it. A step asks
 * once per planned call, before it reads or writes anything, and only when it will change something and
 * holds no slot yet: a step that waited for its slot runs at it without asking again, so a burst is spread
 * over ARM's refill once instead of every waiting step coming back at the same moment to wait again.
 */
export function paceStep(
  step: PlannedStep,
  progress: StepProgress | undefined,
  budget: ArmBudget | undefined,
  now: Date,
): Date | undefined {
  if (!budget || step.change !== 'write' || progress?.slotAt || progress?.resumeToken) return undefined;
  let latest = now;
  for (const call of step.calls) {
    const slot = budget.reserve(call.path, call.method === 'DELETE' ? 'delete' : 'write', now);
    if (slot > latest) latest = slot;
  }
  return latest > now ? latest : undefined;
}
