import type { TokenAuthority } from '../sandboxTokens.js';
import type { Faults } from './faults.js';
import type { ArmStateView } from './stateView.js';
import type { SandboxStore } from './store.js';

export interface ArmSandboxOptions {
  authority: TokenAuthority;
  /** PEM key and certificate; a self-signed pair for 127.0.0.1 and localhost is made when absent. */
  tls?: { key: string; cert: string };
  port?: number;
  /** Object IDs allowed to write; default: the seeded broker identities. */
  brokerPrincipals?: string[];
  replicationDelayAttempts?: number;
  vmLroPolls?: number;
  /**
   * How a VM PATCH is answered: `updating` (default) is what VirtualMachines_Update specifies, 200 with the VM
   * `Updating` plus Azure-AsyncOperation and Location; `accepted` is the 202 with only those headers that some
   * services use; `completed` is a 200 whose VM is already `Succeeded`, with nothing to poll.
   */
  vmUpdateAnswer?: VmUpdateAnswer;
  retryAfterSeconds?: number;
  /**
   * ARM's token buckets per (subscription or tenant, caller): writes (PUT, PATCH, POST), deletes and reads
   * each have one. Default ARM's documented regional limits: writes and deletes 200 refilled at 10 a second,
   * reads 250 at 25.
   */
  writeBucket?: { capacity: number; refillPerSecond: number };
  deleteBucket?: { capacity: number; refillPerSecond: number };
  readBucket?: { capacity: number; refillPerSecond: number };
  /** The clock the buckets refill by, in milliseconds; default the wall clock (tests pass their manual one). */
  now?: () => number;
  roleAssignmentLimit?: number;
  /** Milliseconds a write waits after taking effect before it is answered, as ARM's latency widens races. */
  writeLatencyMs?: number;
  /** Milliseconds a read waits before it is answered: ARM's latency, for the benchmark. */
  readLatencyMs?: number;
  /** Plain Automation accounts `aa-bench-0000`... added to the seed (`benchAutomationAccount(i)`), for load. */
  benchAutomationAccounts?: number;
}

export type VmUpdateAnswer = 'updating' | 'accepted' | 'completed';

/** The behaviour knobs, mutable while the sandbox runs; `reset()` restores the values it started with. */
export type ArmSandboxKnobs = Required<
  Omit<ArmSandboxOptions, 'authority' | 'tls' | 'port' | 'now' | 'benchAutomationAccounts'>
>;

export interface ArmLogEntry {
  seq: number;
  at: string;
  method: string;
  /** With a single leading slash, otherwise as sent. */
  path: string;
  query: Record<string, string>;
  apiVersion?: string;
  body?: unknown;
  status: number;
  errorCode?: string;
  responseHeaders: Record<string, string>;
  callerOid?: string;
  /** The connection was reset instead of answered; `status` is what took effect (0: nothing did). */
  connectionReset?: true;
}

export interface ArmSandbox {
  url: string;
  /** The PEM certificate clients must trust. */
  ca: string;
  log: ArmLogEntry[];
  faults: Faults;
  state: ArmStateView;
  options: ArmSandboxKnobs;
  clearLog(): void;
  /**
   * Runs after a write took effect and before it is answered: a test's seam to act while the broker's
   * call is in flight. Cleared by `reset()`.
   */
  whileWriting: ((write: { method: string; path: string }) => Promise<void>) | undefined;
  reset(): void;
  close(): Promise<void>;
}

/** A request as handlers see it: authenticated, path normalised. */
export interface ArmRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apiVersion?: string;
  body: unknown;
  callerOid: string;
}

export interface HandlerContext {
  store: SandboxStore;
  options: ArmSandboxKnobs;
  url: string;
}
