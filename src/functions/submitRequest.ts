import { parseHttpSubmission } from '../core/parseSubmission.js';
import { actorOf } from '../core/caller.js';
import { submitRequest } from '../core/useCases/submitRequest.js';
import { authenticated } from './http/endpoint.js';
import { problemResponse } from './http/problem.js';
import { readJsonBody } from './http/readJsonBody.js';
import { requestResponse } from './http/requestResponses.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';
import { requestLog } from './requestLog.js';

export const submitRequestHandler = authenticated(
  async (request, { services, caller, invocation, correlationId }) => {
    const body = await readJsonBody(request);
    if (!body.ok) return problemResponse(body.error);
    const draft = parseHttpSubmission(body.value);
    if (!draft.ok) return problemResponse(useCaseProblem(draft.error));
    const key = request.headers.get('idempotency-key');
    if (key !== null && (key.length === 0 || key.length > 256))
      return problemResponse({
        status: 400,
        code: 'invalidRequest',
        title: 'Idempotency-Key must be 1 to 256 characters',
      });
    const submitted = await submitRequest(
      {
        draft: draft.value,
        requester: actorOf(caller),
        source: 'http',
        correlationId,
        limitedAs: caller.id,
        ...(key ? { idempotencyKey: `http|${caller.id.toLowerCase()}|${key}` } : {}),
      },
      services,
    );
    if (!submitted.ok) return problemResponse(useCaseProblem(submitted.error));
    const { request: stored, created, nudged } = submitted.value;
    const log = requestLog(invocation, stored);
    log.info(created ? `submitted: ${stored.state}` : `submission replayed: ${stored.state}`);
    if (!nudged) log.warn('stored but not nudged; the sweeper will');
    return requestResponse(202, stored);
  },
);

registerFunction({
  kind: 'http',
  name: 'submitRequest',
  methods: ['POST'],
  route: 'identity-requests',
  handler: submitRequestHandler,
});
