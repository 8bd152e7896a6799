import { definedOnly } from '../core/definedOnly.js';
import { toFieldErrors } from '../core/requestSchema.js';
import { toRequestView } from '../core/requestView.js';
import type { RequestPage } from '../core/requestViewSchema.js';
import { listRequests } from '../core/useCases/getRequest.js';
import { authenticated } from './http/endpoint.js';
import { listQuerySchema } from './http/listQuery.js';
import { problemResponse } from './http/problem.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

export const listRequestsHandler = authenticated(async (request, { services, caller }) => {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(request.query.entries()));
  if (!parsed.success) {
    const errors = toFieldErrors(parsed.error);
    return problemResponse({ status: 400, code: 'invalidRequest', title: 'The query is invalid', errors });
  }
  const page = await listRequests(
    { caller, query: { ...definedOnly(parsed.data), limit: parsed.data.limit } },
    services,
  );
  if (!page.ok) return problemResponse(useCaseProblem(page.error));
  return {
    status: 200,
    jsonBody: {
      items: page.value.items.map((r) => toRequestView(r)),
      continuationToken: page.value.continuationToken ?? null,
    } satisfies RequestPage,
  };
});

registerFunction({
  kind: 'http',
  name: 'listRequests',
  methods: ['GET'],
  route: 'identity-requests',
  handler: listRequestsHandler,
});
