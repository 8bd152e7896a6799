import { z } from 'zod';
import type { FieldError } from '../core/fieldError.js';

// The broker's problem+json body (CONTRACT.md, HTTP API). Its schema lives with the HTTP functions, which the
// client may not import; this reads the same fields, and tolerates a non-problem answer (a gateway's page).
const problemBody = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** An error answer from the broker: `type` is `urn:identity-broker:problem:<code>` to branch on. */
export class BrokerProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: FieldError[],
  ) {
    const fields = errors.map((e) => `${e.path} ${e.message}`).join('; ');
    super(`${status} ${title}${detail ? `: ${detail}` : ''}${fields ? ` (${fields})` : ''}`);
    this.name = 'BrokerProblemError';
  }

  /** Reads an error answer; one that is not problem+json becomes `about:blank` with its status text (RFC 9457). */
  static async of(response: Response): Promise<BrokerProblemError> {
    const text = await response.text();
    let body: z.output<typeof problemBody> = {};
    if (/^application\/(problem\+)?json/i.test(response.headers.get('content-type') ?? '')) {
      try {
        body = problemBody.parse(JSON.parse(text));
      } catch {
        body = {};
      }
    }
    return new BrokerProblemError(
      response.status,
      body.type ?? 'about:blank',
      body.title ?? (response.statusText || `HTTP ${response.status}`),
      body.detail,
      body.errors ?? [],
    );
  }
}
