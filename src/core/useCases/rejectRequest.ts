import { actorOf } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { recordEvents } from '../recordEvents.js';
import type { Result } from '../result.js';
import {
  concurrentChange,
  type DecisionDeps,
  type DecisionInput,
  err,
  loadForDecision,
  ok,
} from './decisionCommon.js';
import type { UseCaseError } from './useCaseErrors.js';

/** An approver says no, with a reason; the requester withdraws with cancel instead. */
export async function rejectRequest(
  input: DecisionInput & { comment: string },
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestRejected', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  if (access.isRequester) return err({ code: 'forbidden', message: 'withdraw your own request with cancel' });
  if (!access.isApprover)
    return err({ code: 'forbidden', message: 'policy does not name you as an approver of this request' });
  const now = deps.clock.now();
  const decision = {
    decision: 'rejected' as const,
    by: actorOf(input.caller),
    at: now.toISOString(),
    comment: input.comment,
    version: stored.request.version,
  };
  const { next, events } = recordEvents(
    stored.request,
    stored.request.state,
    [{ type: 'requestRejected', data: decision }],
    { actor: input.caller.id, now },
    { decisions: [...stored.request.decisions, decision], approvalExpiresAt: undefined },
  );
  if ((await deps.store.commit(stored, next, events)) === 'conflict') return err(concurrentChange());
  return ok(next);
}
