import { actorOf } from '../caller.js';
import { pendingGrants } from '../grants.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { Result } from '../result.js';
import { nudgeSafely } from './submitRequest.js';
import {
  commitDecision,
  type DecisionDeps,
  type DecisionInput,
  err,
  loadForDecision,
} from './decisionCommon.js';
import type { UseCaseError } from './useCaseErrors.js';

/** The requester or an approver ends a request's time-bound grants early; the executor removes them. */
export async function revokeRequest(
  input: DecisionInput,
  deps: DecisionDeps,
): Promise<Result<IdentityRequest, UseCaseError>> {
  const loaded = await loadForDecision(input, 'revocationRequested', deps);
  if (!loaded.ok) return loaded;
  const { stored, access } = loaded.value;
  if (!access.isRequester && !access.isApprover)
    return err({ code: 'forbidden', message: 'only the requester or an approver can revoke its grants' });
  if (pendingGrants(stored.request.results).length === 0 || stored.request.revocationRequested)
    return err({
      code: 'wrongState',
      state: stored.request.state,
      message: 'the request has no time-bound grant in force to revoke',
    });
  const now = deps.clock.now();
  const revocation = { by: actorOf(input.caller), at: now.toISOString() };
  const committed = await commitDecision(
    stored,
    input,
    deps,
    {
      type: 'revocationRequested',
      data: { ...revocation, ...(input.comment ? { comment: input.comment } : {}) },
    },
    { revocationRequested: revocation, notBefore: now.toISOString() },
  );
  if (committed.ok) await nudgeSafely(deps.nudger, committed.value);
  return committed;
}
