import type { ArmResponse } from './armResponse.js';
import type { FaultSpec, Faults } from './faults.js';
import type { ArmStateView } from './stateView.js';
import type { ArmLogEntry, ArmSandboxKnobs } from './types.js';

export interface ControlTarget {
  log: ArmLogEntry[];
  state: ArmStateView;
  faults: Faults;
  options: ArmSandboxKnobs;
  reset(): void;
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** `/_sandbox/*` for manual use from the local host: no auth, loopback only, never logged. */
export function handleControl(
  target: ControlTarget,
  method: string,
  path: string,
  body: unknown,
  remoteAddress: string | undefined,
): ArmResponse {
  if (!loopback.has(remoteAddress ?? ''))
    return { status: 403, body: { error: 'control endpoints answer loopback only' } };
  const route = `${method} ${path.toLowerCase()}`;
  switch (route) {
    case 'GET /_sandbox/log':
      return { status: 200, body: target.log };
    case 'GET /_sandbox/state':
      return { status: 200, body: target.state.toJSON() };
    case 'GET /_sandbox/faults':
      return { status: 200, body: target.faults.pending() };
    case 'POST /_sandbox/faults': {
      const spec = body as Partial<FaultSpec> | undefined;
      if (typeof spec?.status !== 'number' || (typeof spec.code !== 'string' && !('body' in spec))) {
        return { status: 400, body: { error: 'a fault needs a numeric status and a string code or a body' } };
      }
      target.faults.inject(spec as FaultSpec);
      return { status: 201, body: target.faults.pending() };
    }
    case 'POST /_sandbox/vm-operation-outcomes': {
      const given = body as { vmId?: unknown; status?: unknown; error?: unknown } | undefined;
      if (typeof given?.vmId !== 'string' || (given.status !== 'Failed' && given.status !== 'Canceled'))
        return {
          status: 400,
          body: { error: "an outcome needs a vmId and a status of 'Failed' or 'Canceled'" },
        };
      const error = given.error as { code?: unknown; message?: unknown } | undefined;
      if (error !== undefined && (typeof error.code !== 'string' || typeof error.message !== 'string'))
        return { status: 400, body: { error: 'an error needs a string code and message' } };
      try {
        target.faults.endNextVmOperation(given.vmId, {
          status: given.status,
          ...(error ? { error: { code: error.code as string, message: error.message as string } } : {}),
        });
      } catch (e) {
        return { status: 404, body: { error: (e as Error).message } };
      }
      return { status: 204 };
    }
    case 'DELETE /_sandbox/faults':
      target.faults.clear();
      return { status: 204 };
    case 'GET /_sandbox/options':
      return { status: 200, body: target.options };
    case 'PATCH /_sandbox/options':
      Object.assign(target.options, body);
      return { status: 200, body: target.options };
    case 'POST /_sandbox/reset':
      target.reset();
      return { status: 204 };
    default:
      return { status: 404, body: { error: `no control endpoint ${route}` } };
  }
}
