import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { toFieldErrors } from '../../core/requestSchema.js';
import { isRequestId } from '../../core/requestId.js';
import { REQUEST_NOT_FOUND } from './requestNotFound.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Problem } from './problem.js';
import { readJsonBody } from './readJsonBody.js';

const comment = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');
/** The body of approve, cancel and revoke; the OpenAPI document shows these two schemas. */
export const optionalComment = z.object({ comment: comment.optional() }).strict();
/** The body of reject: a rejection says why. */
export const requiredComment = z.object({ comment }).strict();

const invalid = (errors: Array<{ path: string; message: string }>): Problem => ({
  status: 400,
  code: 'invalidRequest',
  title: 'The request is invalid',
  detail: errors.map((e) => `${e.path} ${e.message}`).join('; '),
  errors,
});

/** `"5"`, `W/"5"` or `*`: the version an approver saw, from the request's ETag. */
function ifMatchVersion(request: HttpRequest): Result<number | undefined, Problem> {
  const header = request.headers.get('if-match')?.trim();
  if (!header || header === '*') return ok(undefined);
  const match = /^(?:W\/)?"(\d+)"$/.exec(header);
  return match
    ? ok(Number(match[1]))
    : err(invalid([{ path: 'If-Match', message: 'must be the etag of the request' }]));
}

/** The id route parameter, If-Match and the `{ comment }` body of approve, reject and cancel. */
export async function readDecision(
  request: HttpRequest,
  { commentRequired = false } = {},
): Promise<Result<{ id: string; comment?: string; ifMatchVersion?: number }, Problem>> {
  const id = request.params.id ?? '';
  if (!isRequestId(id)) return err(REQUEST_NOT_FOUND);
  const version = ifMatchVersion(request);
  if (!version.ok) return version;
  const body = await readJsonBody(request, { optional: !commentRequired });
  if (!body.ok) return body;
  const parsed = (commentRequired ? requiredComment : optionalComment).safeParse(body.value);
  if (!parsed.success) return err(invalid(toFieldErrors(parsed.error)));
  return ok({
    id,
    ...(parsed.data.comment ? { comment: parsed.data.comment } : {}),
    ...(version.value !== undefined ? { ifMatchVersion: version.value } : {}),
  });
}
