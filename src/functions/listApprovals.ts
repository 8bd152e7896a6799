import { listRequests } from '../core/useCases/getRequest.js';
import { accessOf } from '../core/useCases/requestAccess.js';
import { approvalList } from './http/approvalPages/approvalList.js';
import { htmlResponse } from './http/approvalPages/htmlResponse.js';
import { pageEndpoint } from './http/approvalPages/pageEndpoint.js';
import { problemPage } from './http/approvalPages/problemPage.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

const PAGE_SIZE = 25;

/** The approvers' page of requests waiting for a decision, through the same list use case as the API. */
export const listApprovalsHandler = pageEndpoint(async (request, { services, caller }) => {
  const continuationToken = request.query.get('continuationToken') ?? undefined;
  if (continuationToken !== undefined && (continuationToken === '' || continuationToken.length > 2048))
    return problemPage(
      {
        status: 400,
        code: 'invalidRequest',
        title: 'The link is invalid',
        detail: 'continuationToken is malformed',
      },
      { caller },
    );
  const page = await listRequests(
    {
      caller,
      query: {
        state: 'awaitingApproval',
        limit: PAGE_SIZE,
        ...(continuationToken ? { continuationToken } : {}),
      },
    },
    services,
  );
  if (!page.ok) return problemPage(useCaseProblem(page.error), { caller });
  const items = page.value.items.map((r) => ({ request: r, access: accessOf(caller, r, services.policy) }));
  return htmlResponse(
    200,
    approvalList({
      items,
      caller,
      now: services.clock.now(),
      approvesAnything: services.policy.approvesAnything(caller),
      ...(page.value.continuationToken ? { continuationToken: page.value.continuationToken } : {}),
    }),
  );
});

registerFunction({
  kind: 'http',
  name: 'listApprovals',
  methods: ['GET'],
  route: 'approvals',
  handler: listApprovalsHandler,
});
