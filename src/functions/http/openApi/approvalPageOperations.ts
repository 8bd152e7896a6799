/** The approval pages: HTML for people, under the same Easy Auth caller rules as the API. */

type Json = Record<string, unknown>;

const page = (description: string): Json => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

/** Errors on the pages are pages too: the same statuses as the API, for a person to read. */
const pageErrors = (statuses: Record<number, string>): Json =>
  Object.fromEntries(Object.entries(statuses).map(([status, description]) => [status, page(description)]));

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: "the request's ID",
};

const PAGE_HEADERS_NOTE =
  'Every page is sent with a Content-Security-Policy that allows only its own inline stylesheet (by hash) and form posts to the broker, and with Cache-Control: no-store.';

export const APPROVAL_PAGE_PATHS: Record<string, Record<string, Json>> = {
  '/approvals': {
    get: {
      operationId: 'listApprovals',
      summary: 'HTML: the requests waiting for a decision (approvers; anyone else sees their own)',
      description: PAGE_HEADERS_NOTE,
      parameters: [
        {
          name: 'continuationToken',
          in: 'query',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 2048 },
          description: "the previous page's link to older requests",
        },
      ],
      responses: {
        '200': page('The pending requests, newest first'),
        ...pageErrors({
          400: 'The link is invalid',
          401: 'Not authenticated',
          503: 'The broker cannot reach its storage',
        }),
      },
    },
  },
  '/approvals/{id}': {
    get: {
      operationId: 'showApproval',
      summary:
        'HTML: one request with its plan as a diff, warnings, policy reasons, history, and Approve / Reject',
      description: `${PAGE_HEADERS_NOTE} Sets the form token cookie (SameSite=Strict, HttpOnly) the decision form repeats.`,
      parameters: [idParameter],
      responses: {
        '200': page('The request'),
        ...pageErrors({
          401: 'Not authenticated',
          404: 'No such request visible to the caller',
          503: 'The broker cannot reach its storage',
        }),
      },
    },
  },
  '/approvals/{id}/decision': {
    post: {
      operationId: 'decideApproval',
      summary:
        "The decision form's post: approve or reject as the page's version (its If-Match), then 303 to the page",
      description:
        'Refused with 403 unless the browser says the form came from the broker itself (Sec-Fetch-Site: same-origin, or else an Origin of the broker) and it repeats the token of its cookie. See docs/approval-pages.md.',
      parameters: [idParameter],
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: {
              type: 'object',
              additionalProperties: false,
              required: ['decision', 'version'],
              properties: {
                decision: { type: 'string', enum: ['approve', 'reject'] },
                comment: { type: 'string', maxLength: 2000, description: 'required to reject' },
                version: {
                  type: 'string',
                  pattern: '^[0-9]{1,15}$',
                  description: 'the version the page showed',
                },
                token: { type: 'string', description: "the form token, as in the caller's cookie" },
              },
            },
          },
        },
      },
      responses: {
        '303': {
          description: 'Decided: back to the request page, which shows the new state',
          headers: { Location: { schema: { type: 'string' } } },
        },
        ...pageErrors({
          400: 'The form is invalid, or a rejection has no comment (the page again, saying so)',
          401: 'Not authenticated',
          403: 'Sent from another site, a token that does not match, the requester, or an approver not named for every scope',
          404: 'No such request visible to the caller',
          409: 'The request is no longer waiting for a decision, or the caller already approved it',
          412: 'The request changed since the page was opened: reload it',
          415: 'Not a form post',
          503: 'The broker cannot reach its storage',
        }),
      },
    },
  },
};
