import type { HttpHandler } from '@azure/functions';
import type { IdentityRequest } from '../../core/identityRequest.js';
import type { Result } from '../../core/result.js';
import type { DecisionDeps, DecisionInput } from '../../core/useCases/decisionCommon.js';
import type { UseCaseError } from '../../core/useCases/useCaseErrors.js';
import { requestLog } from '../requestLog.js';
import { readDecision } from './decisionBody.js';
import { authenticated } from './endpoint.js';
import { problemResponse } from './problem.js';
import { requestResponse } from './requestResponses.js';
import { useCaseProblem } from './useCaseProblem.js';

type Decide = (input: DecisionInput, deps: DecisionDeps) => Promise<Result<IdentityRequest, UseCaseError>>;

/** approve, reject and cancel: the same shape, a different use case. */
export function decisionEndpoint(decide: Decide, options: { commentRequired?: boolean } = {}): HttpHandler {
  return authenticated(async (request, { services, caller, invocation }) => {
    const input = await readDecision(request, options);
    if (!input.ok) return problemResponse(input.error);
    const decided = await decide({ ...input.value, caller }, services);
    if (!decided.ok) return problemResponse(useCaseProblem(decided.error));
    requestLog(invocation, decided.value).info(`${caller.id} decided: ${decided.value.state}`);
    return requestResponse(200, decided.value);
  });
}
