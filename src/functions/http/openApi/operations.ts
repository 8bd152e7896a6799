import { listQuerySchema } from '../listQuery.js';
import { APPROVAL_PAGE_PATHS } from './approvalPageOperations.js';
import { queryParameters, type SchemaName } from './componentSchemas.js';

type Json = Record<string, unknown>;

const ref = (name: SchemaName): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, type = 'application/json'): Json => ({ [type]: { schema: ref(name) } });

const PROBLEMS: Record<number, string> = {
  400: 'The body, query or a header is invalid; `errors` names each field',
  401: 'Not authenticated',
  403: 'The caller may not do this',
  404: 'No such request visible to the caller',
  409: 'The request is not in a state that allows this, or the Idempotency-Key was used for another body',
  412: 'If-Match names an older version of the request',
  422: 'The request cannot be carried out against the target as it is',
  413: 'The body is over 64 KiB',
  415: 'The body is not JSON',
  429: 'Over the per-caller limit; Retry-After says when to try again',
  503: 'ARM is busy or no ARM token could be had (Retry-After), or the broker is not configured',
};

const problems = (...statuses: number[]): Json =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: PROBLEMS[s], content: json('Problem', 'application/problem+json') },
    ]),
  );

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: "the request's ID",
};

const ifMatch = {
  name: 'If-Match',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: "the request's `etag` as the caller saw it; a newer version answers 412",
};

const request = (description: string, headers: Json = {}): Json => ({
  description,
  headers: { ETag: { schema: { type: 'string' } }, ...headers },
  content: json('RequestView'),
});

const decision = (operationId: string, summary: string, body: SchemaName, required: boolean): Json => ({
  operationId,
  summary,
  parameters: [idParameter, ifMatch],
  requestBody: { required, content: json(body) },
  responses: {
    '200': request('The request after the decision'),
    ...problems(400, 401, 403, 404, 409, 412, 413, 415, 503),
  },
});

const ANONYMOUS = { security: [] };

const ticketProblems: Json = {
  ...problems(400, 413, 415, 429, 503),
  '401': {
    description:
      'The signature is missing or wrong, the body was changed, or the timestamp is over 5 minutes off',
    content: json('Problem', 'application/problem+json'),
  },
  '404': {
    description: "This intake's secret is not set",
    content: json('Problem', 'application/problem+json'),
  },
  '422': {
    description:
      'The target, an identity or a role does not exist as asked, or the ticket already made a request and has changed since',
    content: json('Problem', 'application/problem+json'),
  },
};

/** The ticket systems sign their webhooks with a shared secret instead of an Entra token (Easy Auth lets them through). */
export const TICKET_SECURITY_SCHEMES: Record<string, Json> = {
  serviceNowSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'x-servicenow-signature',
    description:
      'HMAC-SHA256 over `<timestamp>.<raw body>` with SERVICENOW_WEBHOOK_SECRET, as `sha256=<hex>` or the Base64 of the 32 bytes; the header is renamed by SERVICENOW_SIGNATURE_HEADER',
  },
  jiraSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Hub-Signature',
    description: "`sha256=<hex>`: HMAC-SHA256 of the raw body with JIRA_WEBHOOK_SECRET, the webhook's secret",
  },
};

/**
 * Each route the app registers, with its methods; `operationId` is the function's registered name. The
 * registration test and the OpenAPI test hold this list to what the app serves.
 */
export const PATHS: Record<string, Record<string, Json>> = {
  '/identity-requests': {
    post: {
      operationId: 'submitRequest',
      summary: 'Submit a request',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 256 },
          description: 'the same key and body return the same request; another body is 409',
        },
      ],
      requestBody: { required: true, content: json('Submission') },
      responses: {
        '202': request('The request as stored', { Location: { schema: { type: 'string' } } }),
        ...problems(400, 401, 409, 413, 415, 422, 429, 503),
      },
    },
    get: {
      operationId: 'listRequests',
      summary: 'List requests, newest first (approvers see all, requesters their own)',
      parameters: queryParameters(listQuerySchema),
      responses: {
        '200': { description: 'One page', content: json('RequestPage') },
        ...problems(400, 401, 503),
      },
    },
  },
  '/identity-requests/plan': {
    post: {
      operationId: 'previewRequest',
      summary: 'What-if: the plan and the policy decision a submission would get; nothing is stored',
      requestBody: { required: true, content: json('Submission') },
      responses: {
        '200': { description: 'What the submission would come to', content: json('Preview') },
        ...problems(400, 401, 413, 415, 422, 429, 503),
      },
    },
  },
  '/identity-requests/{id}': {
    get: {
      operationId: 'getRequest',
      summary: 'One request, with its history',
      parameters: [idParameter],
      responses: { '200': request('The request'), ...problems(401, 404, 503) },
    },
  },
  '/identity-requests/{id}/approve': {
    post: decision(
      'approveRequest',
      'Approve (an approver allowed by policy, never the requester)',
      'OptionalComment',
      false,
    ),
  },
  '/identity-requests/{id}/reject': {
    post: decision('rejectRequest', 'Reject, saying why', 'RequiredComment', true),
  },
  '/identity-requests/{id}/cancel': {
    post: decision(
      'cancelRequest',
      'Withdraw a request before it is applied (the requester)',
      'OptionalComment',
      false,
    ),
  },
  '/identity-requests/{id}/revoke': {
    post: decision(
      'revokeRequest',
      'End a time-bound grant early (requester or approver)',
      'OptionalComment',
      false,
    ),
  },
  '/tickets/servicenow': {
    post: {
      operationId: 'serviceNowTicket',
      summary:
        'A RITM from ServiceNow (Business Rule or Flow Designer action): the requester is `requested_for`, the operations come from the catalog variables SERVICENOW_VARIABLE_MAP names; one request per RITM',
      security: [{ serviceNowSignature: [] }],
      parameters: [
        {
          name: 'x-servicenow-timestamp',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
          description:
            "signing time in Unix seconds, within 5 minutes of the broker's clock (SERVICENOW_TIMESTAMP_HEADER renames it)",
        },
        {
          name: 'x-servicenow-delivery-id',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$' },
          description:
            'kept by every retry of one delivery: a second delivery answers 200 with the same request (SERVICENOW_DELIVERY_HEADER renames it)',
        },
      ],
      requestBody: { required: true, content: json('ServiceNowDelivery') },
      responses: {
        '202': request('The request the RITM made', { Location: { schema: { type: 'string' } } }),
        '200': request('A delivery seen before, or the same RITM again: the request it already made'),
        ...ticketProblems,
      },
    },
  },
  '/tickets/jira': {
    post: {
      operationId: 'jiraTicket',
      summary:
        'A Jira Cloud or Data Center webhook: jira:issue_created (or, with JIRA_INTAKE_STATUS, an update into that status) makes a request from the fields JIRA_FIELD_MAP names; other events are ignored; one request per issue; never 409',
      security: [{ jiraSignature: [] }],
      parameters: [
        {
          name: 'X-Atlassian-Webhook-Identifier',
          in: 'header',
          required: false,
          schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,200}$' },
          description: "kept by Jira's retries: a second delivery answers 200 with the same request",
        },
      ],
      requestBody: { required: true, content: json('JiraWebhook') },
      responses: {
        '202': request('The request the issue made', { Location: { schema: { type: 'string' } } }),
        '200': {
          description:
            'A delivery seen before or the same issue again (the request it already made), or an event that makes no request (ignored, nothing stored)',
          content: { 'application/json': { schema: { oneOf: [ref('RequestView'), ref('TicketIgnored')] } } },
        },
        ...ticketProblems,
      },
    },
  },
  ...APPROVAL_PAGE_PATHS,
  '/health': {
    get: {
      operationId: 'health',
      summary: 'Liveness, and whether Table storage and an ARM token can be reached',
      ...ANONYMOUS,
      responses: {
        '200': { description: 'Everything answers', content: json('Health') },
        '503': { description: 'Something does not', content: json('Health') },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openApi',
      summary: 'This document',
      ...ANONYMOUS,
      responses: {
        '200': {
          description: 'The OpenAPI 3.1 description of this API',
          content: { 'application/json': {} },
        },
      },
    },
  },
};
