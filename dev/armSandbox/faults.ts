import { armError, type ArmResponse } from './armResponse.js';
import { findPrincipal, type SandboxStore } from './store.js';

export interface FaultSpec {
  method?: string;
  /** A case-insensitive substring of the path, or a pattern tested against it. */
  path?: string | RegExp;
  times?: number;
  status: number;
  code: string;
  message?: string;
  headers?: Record<string, string>;
}

/** Scripted failures, answered before the sandbox looks at or changes any state. */
export interface Faults {
  inject(spec: FaultSpec): void;
  clear(): void;
  /** The next `attempts` role-assignment PUTs naming this principal answer PrincipalNotFound. */
  delayPrincipal(principalId: string, attempts: number): void;
  /** The first armed fault matching the request, used up by one; undefined when none matches. */
  take(method: string, path: string): ArmResponse | undefined;
  pending(): Array<Omit<FaultSpec, 'path'> & { path?: string; remaining: number }>;
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

export function createFaults(getStore: () => SandboxStore): Faults {
  let armed: ArmedFault[] = [];
  return {
    inject(spec) {
      armed.push({ spec, remaining: spec.times ?? 1 });
    },
    clear() {
      armed = [];
    },
    delayPrincipal(principalId, attempts) {
      const principal = findPrincipal(getStore(), principalId);
      if (!principal) throw new Error(`No principal ${principalId} in the sandbox directory`);
      principal.replicationPending = attempts;
    },
    take(method, path) {
      const fault = armed.find((f) => f.remaining > 0 && matches(f.spec, method, path));
      if (!fault) return undefined;
      fault.remaining -= 1;
      armed = armed.filter((f) => f.remaining > 0);
      const { status, code, message, headers } = fault.spec;
      return armError(status, code, message ?? `Injected fault ${code}.`, headers);
    },
    pending() {
      return armed.map(({ spec: { path, ...rest }, remaining }) => ({
        ...rest,
        ...(path === undefined ? {} : { path: String(path) }),
        remaining,
      }));
    },
  };
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string'
    ? path.toLowerCase().includes(spec.path.toLowerCase())
    : spec.path.test(path);
}
