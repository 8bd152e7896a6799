import type { HttpHandler, InvocationContext } from '@azure/functions';
import { services } from '../wiring.js';
import type { HealthBody } from './http/healthSchema.js';
import { registerFunction } from './registry.js';

async function storageReachable(invocation: InvocationContext): Promise<boolean> {
  try {
    await (await services()).checkStorage();
    return true;
  } catch (e) {
    invocation.warn('health check: Table storage did not answer', e);
    return false;
  }
}

async function armTokenAvailable(invocation: InvocationContext): Promise<boolean> {
  try {
    return await (await services()).armTokenAvailable();
  } catch (e) {
    invocation.warn('health check: no ARM token', e);
    return false;
  }
}

/** Liveness, whether Table storage answers and whether an ARM token can be had. Anonymous: it names no request. */
export const healthHandler: HttpHandler = async (_request, invocation) => {
  const [storage, armToken] = await Promise.all([
    storageReachable(invocation),
    armTokenAvailable(invocation),
  ]);
  const ok = storage && armToken;
  return {
    status: ok ? 200 : 503,
    jsonBody: {
      status: ok ? 'ok' : 'degraded',
      storage: storage ? 'reachable' : 'unreachable',
      armToken: armToken ? 'available' : 'unavailable',
    } satisfies HealthBody,
  };
};

registerFunction({ kind: 'http', name: 'health', methods: ['GET'], route: 'health', handler: healthHandler });
