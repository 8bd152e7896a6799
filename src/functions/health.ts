import type { HttpHandler } from '@azure/functions';
import { services } from '../wiring.js';
import { registerFunction } from './registry.js';

/** Liveness, and whether Table storage answers. Anonymous: it says nothing about any request. */
export const healthHandler: HttpHandler = async (_request, invocation) => {
  try {
    await (await services()).checkStorage();
    return { status: 200, jsonBody: { status: 'ok', storage: 'reachable' } };
  } catch (e) {
    invocation.warn('health check failed', e);
    return { status: 503, jsonBody: { status: 'degraded', storage: 'unreachable' } };
  }
};

registerFunction({ kind: 'http', name: 'health', methods: ['GET'], route: 'health', handler: healthHandler });
