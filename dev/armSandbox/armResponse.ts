/** What a handler answers; the server adds the ARM-wide headers. */
export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The connection is reset instead of answered (with `status` 0 when nothing took effect). */
  resetConnection?: true;
}

/** An ARM-shaped error: `{ error: { code, message } }`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): ArmResponse {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

export function ok(body: unknown, status = 200): ArmResponse {
  return { status, body };
}

/** The error code of a response, if it is an ARM error. */
export function errorCodeOf(response: ArmResponse): string | undefined {
  const body = response.body as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === 'string' ? body.error.code : undefined;
}

export function methodNotAllowed(method: string): ArmResponse {
  return armError(405, 'MethodNotAllowed', `The method '${method}' is not supported on this path.`);
}
