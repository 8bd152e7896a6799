import { randomUUID } from 'node:crypto';

// Safe to carry into log lines (key=value) and message properties: no spaces, quotes, `=` or control characters.
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;
// W3C Trace Context: version 00-fe, a 32-hex trace ID that is not all zeros.
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}/;

/** The caller's `x-correlation-id` if well-formed, else `traceparent`'s trace ID, else a new one. */
export function correlationIdOf(headers: Pick<Headers, 'get'>, newId: () => string = randomUUID): string {
  const given = headers.get('x-correlation-id');
  if (given !== null && WELL_FORMED.test(given)) return given;
  const trace = TRACEPARENT.exec(headers.get('traceparent') ?? '');
  return trace?.[1] ?? newId();
}

export const CORRELATION_HEADER = 'x-correlation-id';
