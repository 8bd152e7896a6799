import { isRequestId } from '../core/requestId.js';
import { getRequest } from '../core/useCases/getRequest.js';
import { accessOf } from '../core/useCases/requestAccess.js';
import { approvalDetail } from './http/approvalPages/approvalDetail.js';
import { formToken } from './http/approvalPages/crossSiteGuard.js';
import { htmlResponse } from './http/approvalPages/htmlResponse.js';
import { pageEndpoint } from './http/approvalPages/pageEndpoint.js';
import { problemPage } from './http/approvalPages/problemPage.js';
import { REQUEST_NOT_FOUND } from './http/requestNotFound.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

/** After the redirect of a decision: fixed words chosen by the query, never the query's own text. */
const CONFIRMATIONS = new Map([
  ['approved', 'Your approval is recorded.'],
  ['rejected', 'Your rejection is recorded: the request has ended.'],
]);

/** One request for its approvers: the plan as a diff, warnings, policy reasons, history, and the decision form. */
export const showApprovalHandler = pageEndpoint(async (request, { services, caller }) => {
  const id = request.params.id ?? '';
  if (!isRequestId(id)) return problemPage(REQUEST_NOT_FOUND, { caller });
  const found = await getRequest({ id, caller }, services);
  if (!found.ok) return problemPage(useCaseProblem(found.error), { caller });
  const { token, setCookie } = formToken(request);
  const confirmation = CONFIRMATIONS.get(request.query.get('decided') ?? '');
  return htmlResponse(
    200,
    approvalDetail({
      ...found.value,
      caller,
      access: accessOf(caller, found.value.request, services.policy),
      now: services.clock.now(),
      token,
      ...(confirmation ? { confirmation } : {}),
    }),
    setCookie ? { 'set-cookie': setCookie } : {},
  );
});

registerFunction({
  kind: 'http',
  name: 'showApproval',
  methods: ['GET'],
  route: 'approvals/{id}',
  handler: showApprovalHandler,
});
