import { BROKER, TENANT_ID } from '../../dev/armSandbox/seed.js';
import type { ArmSandboxKnobs } from '../../dev/armSandbox/types.js';
import { startSandboxes } from '../../dev/sandboxes.js';
import { cpuMs, serveParent } from './childProcess.js';

export const BENCH_TARGETS = Number(process.env.BENCH_TARGETS ?? 200);

/** One ARM call as the load driver replays it (the broker's own calls, read back from the sandbox log). */
export interface LoggedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  status: number;
}

// The ARM and managed-identity sandboxes in a process of their own, with the plain bench accounts added.
const sandboxes = await startSandboxes({ arm: { benchAutomationAccounts: BENCH_TARGETS } });
const arm = sandboxes.arm;
serveParent(
  (command) => {
    switch (command.op) {
      case 'cpu':
        return { cpuMs: cpuMs() };
      case 'reset':
        // reset() restores the knobs the sandbox started with: the level's knobs are set after it.
        arm.reset();
        Object.assign(arm.options, command.knobs as Partial<ArmSandboxKnobs>);
        return {};
      case 'log':
        return arm.log.map(({ method, path, query, body, status }): LoggedCall => ({
          method,
          path,
          query,
          ...(body === undefined ? {} : { body }),
          status,
        }));
      case 'token':
        // What the identity sandbox would hand the broker: the load driver calls ARM as the broker does.
        return sandboxes.authority.issue({
          aud: arm.url,
          oid: BROKER.objectId,
          appid: BROKER.clientId,
          tid: TENANT_ID,
        }).token;
      default:
        return undefined;
    }
  },
  () => sandboxes.close(),
);
process.send?.({ ready: true, env: sandboxes.env, ca: arm.ca, url: arm.url });
