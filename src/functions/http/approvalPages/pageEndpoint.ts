import type { HttpHandler, HttpResponseInit } from '@azure/functions';
import { authenticated } from '../endpoint.js';
import type { ProblemBody } from '../problemSchema.js';
import { errorPage } from './errorPage.js';
import { htmlResponse } from './htmlResponse.js';
import { APPROVALS_PATH } from './pageLayout.js';

type PageHandler = Parameters<typeof authenticated>[0];

const SIGN_IN = {
  href: `/.auth/login/aad?post_login_redirect_uri=${encodeURIComponent(APPROVALS_PATH)}`,
  label: 'Sign in',
};

/**
 * An approval page: the same caller rules and failure mapping as the API (`authenticated`), but a person
 * reads the answer, so every problem the API would send as JSON comes back as a page with the same status.
 */
export function pageEndpoint(handle: PageHandler): HttpHandler {
  const api = authenticated(handle);
  return async (request, invocation) => asPage(await api(request, invocation));
}

function asPage(response: HttpResponseInit): HttpResponseInit {
  const headers = Object.fromEntries(
    Object.entries((response.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
  );
  if (!headers['content-type']?.startsWith('application/problem+json')) return response;
  const problem = response.jsonBody as ProblemBody;
  const { 'content-type': _json, ...kept } = headers;
  const status = response.status ?? 500;
  return htmlResponse(
    status,
    errorPage({
      title: problem.title,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(status === 401 ? { next: SIGN_IN } : {}),
    }),
    kept,
  );
}
