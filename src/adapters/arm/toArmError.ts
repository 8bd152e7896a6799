import { ArmError, type ArmRetry } from '../../core/armError.js';
import { credentialFailure } from './credentialFailure.js';

// Conflicts that clear by themselves: ARM is busy with the resource, not refusing the change.
const TRANSIENT_CONFLICTS = new Set([
  'AnotherOperationInProgress',
  'ConflictingConcurrentWriteNotAllowed',
  'RetryableError',
]);

interface RestErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers: { get(name: string): string | undefined } };
}

function retryAfterMs(e: RestErrorLike): number | undefined {
  const headers = e.response?.headers;
  const ms = headers?.get('retry-after-ms') ?? headers?.get('x-ms-retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Classifies on status and ARM's `error.code`, never on message text. */
export function retryOf(status: number | undefined, code: string): ArmRetry {
  if (status === undefined) return 'transient'; // no answer at all: the network, not ARM
  if (code === 'PrincipalNotFound') return 'replicationDelay';
  if (status === 429 || status === 408 || status >= 500) return 'transient';
  if (status === 409 && TRANSIENT_CONFLICTS.has(code)) return 'transient';
  return 'never';
}

/** Turns whatever an @azure SDK threw into an `ArmError`; anything that is not an HTTP failure is rethrown. */
export function toArmError(e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  const credential = credentialFailure(e); // no token: the call never reached ARM
  if (credential) return credential;
  if (typeof e !== 'object' || e === null || (e as { name?: string }).name !== 'RestError') throw e;
  const rest = e as RestErrorLike;
  const code = rest.code ?? (rest.statusCode ? `Http${rest.statusCode}` : 'NetworkError');
  const after = retryAfterMs(rest);
  return new ArmError(
    rest.statusCode ?? 0,
    code,
    rest.message ?? code,
    retryOf(rest.statusCode, code),
    after,
  );
}

/** Runs an SDK call and rethrows its failure as an `ArmError`. */
export async function armCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toArmError(e);
  }
}

export const isNotFound = (e: unknown): boolean => e instanceof ArmError && e.status === 404;
