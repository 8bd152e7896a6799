import { actorOf } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { recordEvents } from '../recordEvents.js';
import type { Result } from '../result.js';
import { nudgeSafely } from './submitRequest.js';
import {
  concurrentChange,
  type DecisionDeps,
  type DecisionInput,
  err,
  loadForDecision,
  ok,
} from './decisionCommon.js';
import type { UseCaseError } from './useCaseErrors.js';

/** An approver other than the requester approves the version they saw; the executor is nudged at once. */
export async function approveRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestApproved', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  if (access.isRequester) return err({ code: 'forbidden', message: 'you cannot approve your own request' });
  if (!access.isApprover)
    return err({ code: 'forbidden', message: 'policy does not name you as an approver of this request' });
  const now = deps.clock.now();

  const decision = {
    decision: 'approved' as const,
    by: actorOf(input.caller),
    at: now.toISOString(),
    ...(input.comment ? { comment: input.comment } : {}),
    version: stored.request.version,
  };
  const { next, events } = recordEvents(
    stored.request,
    stored.request.state,
    [{ type: 'requestApproved', data: decision }],
    { actor: input.caller.id, now },
    { decisions: [...stored.request.decisions, decision], approvalExpiresAt: undefined },
  );
  if ((await deps.store.commit(stored, next, events)) === 'conflict') return err(concurrentChange());
  await nudgeSafely(deps.nudger, next);
  return ok(next);
}
