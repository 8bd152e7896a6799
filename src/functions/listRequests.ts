import { z } from 'zod';
import { definedOnly } from '../core/definedOnly.js';
import { REQUEST_STATES } from '../core/requestState.js';
import { toFieldErrors } from '../core/requestSchema.js';
import { toRequestView } from '../core/requestView.js';
import { listRequests } from '../core/useCases/getRequest.js';
import { authenticated } from './http/endpoint.js';
import { problemResponse } from './http/problem.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

const querySchema = z
  .object({
    state: z.enum(REQUEST_STATES).optional(),
    requestedBy: z.string().min(1).max(256).optional(),
    target: z.string().min(1).max(1024).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    continuationToken: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const listRequestsHandler = authenticated(async (request, { services, caller }) => {
  const parsed = querySchema.safeParse(Object.fromEntries(request.query.entries()));
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
    },
  };
});

registerFunction({
  kind: 'http',
  name: 'listRequests',
  methods: ['GET'],
  route: 'identity-requests',
  handler: listRequestsHandler,
});
