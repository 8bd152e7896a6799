import { armError, type ArmResponse } from './armResponse.js';
import { findPrincipal, findResource, type SandboxStore, type VmOperationOutcome } from './store.js';

export interface FaultSpec {
  method?: string;
  /** A case-insensitive substring of the path, or a pattern tested against it. */
  path?: string | RegExp;
  times?: number;
  status: number;
  /** ARM's error code, answered as `{ error: { code, message } }`; or none, with `body`. */
  code?: string;
  message?: string;
  headers?: Record<string, string>;
  /**
   * Answered as is instead of an ARM error: an answer whose shape the SDKs or adapters cannot use (say an
   * operation status that is not a string), to make them throw something that is not a RestError.
   */
  body?: unknown;
}

/** Scripted failures, answered before the sandbox looks at or changes any state. */
export interface Faults {
  inject(spec: FaultSpec): void;
  clear(): void;
  /** The next `attempts` role-assignment PUTs naming this principal answer PrincipalNotFound. */
  delayPrincipal(principalId: string, attempts: number): void;
  /** The next long-running operation on this VM ends `Failed` or `Canceled` instead of `Succeeded`. */
  endNextVmOperation(vmId: string, outcome: VmOperationOutcome): void;
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
    endNextVmOperation(vmId, outcome) {
      const vm = findResource(getStore(), vmId)?.vm;
      if (!vm) throw new Error(`No virtual machine ${vmId} in the sandbox`);
      vm.nextOperationOutcome = structuredClone(outcome);
    },
    take(method, path) {
      const fault = armed.find((f) => f.remaining > 0 && matches(f.spec, method, path));
      if (!fault) return undefined;
      fault.remaining -= 1;
      armed = armed.filter((f) => f.remaining > 0);
      const { status, code, message, headers, body } = fault.spec;
      if (code === undefined) return { status, body, ...(headers ? { headers } : {}) };
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
