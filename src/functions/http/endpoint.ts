import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { ArmError } from '../../core/armError.js';
import type { Caller } from '../../core/caller.js';
import { publicArmMessage } from '../../core/publicArmMessage.js';
import { ConfigError } from '../../config.js';
import { type Services, services } from '../../wiring.js';
import { CORRELATION_HEADER, correlationIdOf } from './correlationId.js';
import { notConfigured } from './notConfigured.js';
import { problemResponse } from './problem.js';
import { isStorageUnavailable } from './storageUnavailable.js';
import { readCaller } from './readCaller.js';

type AuthenticatedHandler = (
  request: HttpRequest,
  context: { services: Services; caller: Caller; invocation: InvocationContext; correlationId: string },
) => Promise<HttpResponseInit>;

/**
 * An HTTP function for authenticated callers; failures nobody expected become one 5xx problem. Every answer
 * names the call's correlation ID, so a caller can quote it.
 */
export function authenticated(handle: AuthenticatedHandler): HttpHandler {
  return async (request, invocation) => {
    const correlationId = correlationIdOf(request.headers);
    return withHeader(await answer(request, invocation, correlationId), CORRELATION_HEADER, correlationId);
  };

  async function answer(
    request: HttpRequest,
    invocation: InvocationContext,
    correlationId: string,
  ): Promise<HttpResponseInit> {
    try {
      const s = await services();
      const caller = readCaller(request, s.trustEasyAuth);
      if (!caller.ok) return problemResponse(caller.error);
      return await handle(request, { services: s, caller: caller.value, invocation, correlationId });
    } catch (e) {
      return unexpected(e, invocation);
    }
  }
}

function withHeader(response: HttpResponseInit, name: string, value: string): HttpResponseInit {
  const headers = new Headers(response.headers as ConstructorParameters<typeof Headers>[0]);
  headers.set(name, value);
  return { ...response, headers: Object.fromEntries(headers) };
}

/** ARM being busy is worth a retry by the caller; anything else is ours to look at. */
export function unexpected(e: unknown, invocation: InvocationContext): HttpResponseInit {
  if (e instanceof ConfigError) return notConfigured(e, invocation);
  // ARM's text names the broker's identity: the log keeps it, the caller gets our words.
  if (e instanceof ArmError) invocation.warn(`ARM failed: ${e.status} ${e.code}: ${e.message}`);
  if (e instanceof ArmError && e.retry !== 'never')
    return problemResponse({
      status: 503,
      code: 'armUnavailable',
      title: 'Azure Resource Manager is busy or unavailable',
      detail: `${e.code}: ${publicArmMessage(e.code, e.message)}`,
      headers: { 'retry-after': String(Math.ceil((e.retryAfterMs ?? 10_000) / 1000)) },
    });
  if (e instanceof ArmError)
    return problemResponse({
      status: 502,
      code: 'armRefused',
      title: 'Azure Resource Manager refused a read',
      detail: `${e.code}: ${publicArmMessage(e.code, e.message)}`,
    });
  if (isStorageUnavailable(e)) {
    invocation.warn('Table storage unavailable', e);
    return problemResponse({
      status: 503,
      code: 'storageUnavailable',
      title: 'The broker cannot reach its storage',
      detail: 'nothing was changed; try again shortly',
      headers: { 'retry-after': '5' },
    });
  }
  invocation.error('unexpected failure', e);
  return problemResponse({
    status: 500,
    code: 'internalError',
    title: 'Something went wrong inside the broker',
    detail: `invocation ${invocation.invocationId}`,
  });
}
