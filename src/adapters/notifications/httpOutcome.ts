import type { SendOutcome } from '../../core/notifications/channel.js';

/** Retry-After in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * One HTTP send, classified: 5xx, 408, 429 and network failures may pass on a later try; any other 4xx
 * will not. The body is drained unread: channels need only the status.
 */
export async function sendOutcomeOf(send: () => Promise<Response>, now: () => Date): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await send();
  } catch (e) {
    return { ok: false, retryable: true, reason: `unreachable: ${(e as Error).message}` };
  }
  await response.body?.cancel();
  if (response.ok) return { ok: true };
  const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
  const after = retryAfterMs(response.headers.get('retry-after'), now());
  return {
    ok: false,
    retryable,
    reason: `HTTP ${response.status}`,
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}
