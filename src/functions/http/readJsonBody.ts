import type { HttpRequest } from '@azure/functions';
import { err, ok, type Result } from '../../core/result.js';
import type { Problem } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;

/** The body as JSON, refused before parsing when it is too large or not JSON at all. */
export async function readJsonBody(
  request: HttpRequest,
  { optional = false } = {},
): Promise<Result<unknown, Problem>> {
  const type = request.headers.get('content-type') ?? '';
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) return err(tooLarge());
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return err(tooLarge());
  if (text.trim() === '') return optional ? ok({}) : err(invalid('the body is empty: send a JSON object'));
  return parseJson(text, type);
}

/** Text declared as `contentType`, as JSON: 415 when it is declared as something else, 400 when it does not parse. */
export function parseJson(text: string, contentType: string): Result<unknown, Problem> {
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType))
    return err({
      status: 415,
      code: 'unsupportedMediaType',
      title: 'Send application/json',
      detail: `content-type was ${contentType}`,
    });
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return err(invalid(`the body is not valid JSON: ${(e as Error).message}`));
  }
}

const tooLarge = (): Problem => ({
  status: 413,
  code: 'payloadTooLarge',
  title: 'The body is too large',
  detail: `at most ${MAX_BODY_BYTES} bytes`,
});

const invalid = (detail: string): Problem => ({
  status: 400,
  code: 'invalidRequest',
  title: 'The request is invalid',
  detail,
  errors: [{ path: '(body)', message: detail }],
});
