import { isRequestId } from '../core/requestId.js';
import { getRequest } from '../core/useCases/getRequest.js';
import { authenticated } from './http/endpoint.js';
import { problemResponse } from './http/problem.js';
import { REQUEST_NOT_FOUND } from './http/requestNotFound.js';
import { requestResponse } from './http/requestResponses.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

export const getRequestHandler = authenticated(async (request, { services, caller }) => {
  const id = request.params.id ?? '';
  if (!isRequestId(id)) return problemResponse(REQUEST_NOT_FOUND);
  const found = await getRequest({ id, caller }, services);
  if (!found.ok) return problemResponse(useCaseProblem(found.error));
  return requestResponse(200, found.value.request, found.value.history);
});

registerFunction({
  kind: 'http',
  name: 'getRequest',
  methods: ['GET'],
  route: 'identity-requests/{id}',
  handler: getRequestHandler,
});
