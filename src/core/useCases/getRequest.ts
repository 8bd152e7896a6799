import type { Caller } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { InvalidContinuationToken } from '../invalidContinuationToken.js';
import type { Policy, RequestEvent, RequestQuery, RequestStore } from '../ports.js';
import { err, ok, type Result } from '../result.js';
import { accessOf, canSee } from './requestAccess.js';
import { notFound, type UseCaseError } from './useCaseErrors.js';

/** The request with its history, for its requester and its approvers only. */
export async function getRequest(
  input: { id: string; caller: Caller },
  deps: { store: RequestStore; policy: Policy },
): Promise<Result<{ request: IdentityRequest; history: RequestEvent[] }, UseCaseError>> {
  const stored = await deps.store.get(input.id);
  if (!stored || !canSee(accessOf(input.caller, stored.request, deps.policy))) return err(notFound(input.id));
  return ok({ request: stored.request, history: await deps.store.history(input.id) });
}

/** Approvers list everything; anyone else lists only what they asked for. */
export async function listRequests(
  input: { caller: Caller; query: RequestQuery },
  deps: { store: RequestStore; policy: Policy },
): Promise<Result<{ items: IdentityRequest[]; continuationToken?: string }, UseCaseError>> {
  const query = deps.policy.approvesAnything(input.caller)
    ? input.query
    : { ...input.query, requestedBy: input.caller.id };
  try {
    return ok(await deps.store.list(query));
  } catch (e) {
    if (!(e instanceof InvalidContinuationToken)) throw e;
    return err({ code: 'invalidRequest', errors: [{ path: 'continuationToken', message: e.message }] });
  }
}
