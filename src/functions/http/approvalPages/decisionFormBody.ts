import type { HttpRequest } from '@azure/functions';
import { z } from 'zod';
import { err, ok, type Result } from '../../../core/result.js';
import type { Problem } from '../problem.js';

const MAX_FORM_BYTES = 16 * 1024;

/** What the decision form posts; anything else in it is refused, as unknown JSON fields are. */
const formSchema = z
  .object({
    decision: z.enum(['approve', 'reject']),
    comment: z.string().max(2000, 'must be at most 2000 characters').optional(),
    version: z
      .string()
      .regex(/^\d{1,15}$/, 'must be the version the page showed')
      .transform(Number),
    token: z.string().max(128).optional(),
  })
  .strict();

export type DecisionForm = z.output<typeof formSchema>;

const invalid = (detail: string): Problem => ({
  status: 400,
  code: 'invalidRequest',
  title: 'The form is invalid',
  detail,
});

/** The decision form's fields, from an `application/x-www-form-urlencoded` body of a sane size. */
export async function readDecisionForm(request: HttpRequest): Promise<Result<DecisionForm, Problem>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type))
    return err({
      status: 415,
      code: 'unsupportedMediaType',
      title: 'Send the form as a browser does',
      detail: `content-type was ${type || 'absent'}`,
    });
  if (Number(request.headers.get('content-length') ?? '0') > MAX_FORM_BYTES)
    return err(invalid('the form is too large'));
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_FORM_BYTES) return err(invalid('the form is too large'));
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (fields.has(key)) return err(invalid(`${key} is given twice`));
    fields.set(key, value);
  }
  const parsed = formSchema.safeParse(Object.fromEntries(fields));
  if (!parsed.success)
    return err(
      invalid(parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ')),
    );
  return ok(parsed.data);
}
