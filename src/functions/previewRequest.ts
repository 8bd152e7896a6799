import { actorOf } from '../core/caller.js';
import { parseHttpSubmission } from '../core/parseSubmission.js';
import { previewRequest } from '../core/useCases/previewRequest.js';
import { authenticated } from './http/endpoint.js';
import { problemResponse } from './http/problem.js';
import { readJsonBody } from './http/readJsonBody.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

/** What-if: the body of a submission, answered with its plan and policy decision; nothing is stored. */
export const previewRequestHandler = authenticated(async (request, { services, caller }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return problemResponse(body.error);
  const draft = parseHttpSubmission(body.value);
  if (!draft.ok) return problemResponse(useCaseProblem(draft.error));
  // The same budget as submissions: a what-if reads ARM as much as the submission it previews.
  const preview = await previewRequest(
    { draft: draft.value, requester: actorOf(caller), limitedAs: caller.id },
    services,
  );
  if (!preview.ok) return problemResponse(useCaseProblem(preview.error));
  return { status: 200, jsonBody: preview.value };
});

// A literal route: it wins over `identity-requests/{id}` and `{*path}` in Azure and on the local host.
registerFunction({
  kind: 'http',
  name: 'previewRequest',
  methods: ['POST'],
  route: 'identity-requests/plan',
  handler: previewRequestHandler,
});
