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

/** The requester withdraws a request that has not started applying. */
export async function cancelRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'requestCancelled', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  if (!access.isRequester)
    return err({ code: 'forbidden', message: 'only the requester can cancel a request' });
  const { next, events } = recordEvents(
    stored.request,
    stored.request.state,
    [{ type: 'requestCancelled', ...(input.comment ? { data: { comment: input.comment } } : {}) }],
    { actor: input.caller.id, now: deps.clock.now() },
    { approvalExpiresAt: undefined },
  );
  if ((await deps.store.commit(stored, next, events)) === 'conflict') return err(concurrentChange());
  return ok(next);
}
