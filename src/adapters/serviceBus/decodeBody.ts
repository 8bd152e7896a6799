/** A message body as JSON, whether the trigger handed over an object, a string or bytes. */
export function decodeBody(body: unknown): unknown {
  if (body instanceof Uint8Array) return JSON.parse(Buffer.from(body).toString('utf8'));
  if (typeof body === 'string') return JSON.parse(body);
  return body;
}
