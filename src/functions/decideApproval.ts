import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Caller } from '../core/caller.js';
import { isRequestId } from '../core/requestId.js';
import { approveRequest } from '../core/useCases/approveRequest.js';
import { getRequest } from '../core/useCases/getRequest.js';
import { rejectRequest } from '../core/useCases/rejectRequest.js';
import { accessOf } from '../core/useCases/requestAccess.js';
import type { Services } from '../wiring.js';
import { approvalDetail } from './http/approvalPages/approvalDetail.js';
import { checkFormToken, checkSameOrigin, formToken } from './http/approvalPages/crossSiteGuard.js';
import { type DecisionForm, readDecisionForm } from './http/approvalPages/decisionFormBody.js';
import { htmlResponse } from './http/approvalPages/htmlResponse.js';
import { approvalPath } from './http/approvalPages/pageLayout.js';
import { PAGE_HEADERS } from './http/approvalPages/pageHeaders.js';
import { pageEndpoint } from './http/approvalPages/pageEndpoint.js';
import { problemPage } from './http/approvalPages/problemPage.js';
import { REQUEST_NOT_FOUND } from './http/requestNotFound.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

/** A rejection without a reason: the detail page again, the message above the form, status 400. */
async function commentMissing(request: HttpRequest, id: string, caller: Caller, services: Services) {
  const found = await getRequest({ id, caller }, services);
  if (!found.ok) return problemPage(useCaseProblem(found.error), { caller });
  return htmlResponse(
    400,
    approvalDetail({
      ...found.value,
      caller,
      access: accessOf(caller, found.value.request, services.policy),
      now: services.clock.now(),
      token: formToken(request).token,
      form: { error: 'Say why you reject the request: a rejection needs a comment.' },
    }),
  );
}

function decide(form: DecisionForm, id: string, caller: Caller, services: Services) {
  const comment = form.comment?.trim();
  const input = { id, caller, ifMatchVersion: form.version, ...(comment ? { comment } : {}) };
  return form.decision === 'approve'
    ? approveRequest(input, services)
    : rejectRequest({ ...input, comment: comment ?? '' }, services);
}

/** A post from anywhere but the broker's own page in this browser: refused before anything is read or decided. */
const crossSite = (id: string, caller: Caller, reason: string) =>
  problemPage(
    {
      status: 403,
      code: 'crossSiteForm',
      title: 'This form was not sent from the approval page',
      detail: `Nothing was changed: ${reason}.`,
    },
    { caller, next: { href: approvalPath(id), label: 'Open the request' } },
  );

/** The decision form's post: checked to come from the broker's own page, decided as the API decides, then 303. */
export const decideApprovalHandler = pageEndpoint(
  async (request, { services, caller }): Promise<HttpResponseInit> => {
    const id = request.params.id ?? '';
    if (!isRequestId(id)) return problemPage(REQUEST_NOT_FOUND, { caller });
    const sameOrigin = checkSameOrigin(request);
    if (!sameOrigin.ok) return crossSite(id, caller, sameOrigin.reason);
    const form = await readDecisionForm(request);
    if (!form.ok)
      return problemPage(form.error, {
        caller,
        next: { href: approvalPath(id), label: 'Back to the request' },
      });
    const token = checkFormToken(request, form.value.token);
    if (!token.ok) return crossSite(id, caller, token.reason);
    const comment = form.value.comment?.trim();
    if (form.value.decision === 'reject' && !comment) return commentMissing(request, id, caller, services);
    const decided = await decide(form.value, id, caller, services);
    const kept = comment ? { kept: { label: 'Your comment (not saved)', text: comment } } : {};
    if (!decided.ok && decided.error.code === 'versionMismatch')
      return problemPage(
        {
          status: 412,
          code: 'versionMismatch',
          title: 'This request changed since you opened it',
          detail: `Nothing was recorded: ${decided.error.message}.`,
        },
        { caller, next: { href: approvalPath(id), label: 'Reload the request' }, ...kept },
      );
    if (!decided.ok)
      return problemPage(useCaseProblem(decided.error), {
        caller,
        next: { href: approvalPath(id), label: 'Back to the request' },
        ...kept,
      });
    const { 'content-type': _html, ...headers } = PAGE_HEADERS;
    const outcome = form.value.decision === 'approve' ? 'approved' : 'rejected';
    return { status: 303, headers: { ...headers, location: `${approvalPath(id)}?decided=${outcome}` } };
  },
);

registerFunction({
  kind: 'http',
  name: 'decideApproval',
  methods: ['POST'],
  route: 'approvals/{id}/decision',
  handler: decideApprovalHandler,
});
