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

/**
 * A connection reset by the network: before ARM saw the request (nothing happens), or after it took effect
 * (the change is made and its answer lost, so a client cannot tell the two apart).
 */
export interface ConnectionResetSpec {
  method?: string;
  path?: string | RegExp;
  times?: number;
  when: 'beforeEffect' | 'afterEffect';
}

/** Scripted failures, answered before the sandbox looks at or changes any state. */
export interface Faults {
  inject(spec: FaultSpec): void;
  /** The next `times` matching requests have their connection reset (see ConnectionResetSpec). */
  resetConnections(spec: ConnectionResetSpec): void;
  /** Whether a reset is armed for this request, used up by one. */
  takeReset(method: string, path: string): ConnectionResetSpec['when'] | undefined;
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
  let resets: Array<{ spec: ConnectionResetSpec; remaining: number }> = [];
  return {
    inject(spec) {
      armed.push({ spec, remaining: spec.times ?? 1 });
    },
    resetConnections(spec) {
      resets.push({ spec, remaining: spec.times ?? 1 });
    },
    takeReset(method, path) {
      const reset = resets.find((r) => r.remaining > 0 && matches(r.spec, method, path));
      if (!reset) return undefined;
      reset.remaining -= 1;
      resets = resets.filter((r) => r.remaining > 0);
      return reset.spec.when;
    },
    clear() {
      armed = [];
      resets = [];
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

function matches(spec: Pick<FaultSpec, 'method' | 'path'>, method: string, path: string): boolean {
  if (spec.method && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  return typeof spec.path === 'string'
    ? path.toLowerCase().includes(spec.path.toLowerCase())
    : spec.path.test(path);
}
