import type { Caller } from '../../src/core/caller.js';
import type { ArmLogEntry } from '../../dev/armSandbox/types.js';
import {
  type LocalEnvironment,
  type LocalEnvironmentOptions,
  startLocalEnvironment,
} from '../../dev/localEnvironment.js';
import { ManualClock } from '../../dev/localBus/manualClock.js';
import type { Sandboxes } from '../../dev/sandboxes.js';
import {
  ACTIVE_WORK_TABLE,
  GRANT_LEDGER_TABLE,
  IDEMPOTENCY_TABLE,
  REQUESTS_TABLE,
  SUBMISSION_COUNTS_TABLE,
} from '../../src/adapters/tables/tableNames.js';
import { APPROVER, REQUESTER, easyAuthHeaders } from './callers.js';
import { clearTables } from '../../dev/azurite/clearTables.js';

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are asserted field by field
  json: any;
}

export interface TestBroker extends LocalEnvironment {
  sandboxes: Sandboxes;
  clock: ManualClock;
  logs: string[];
  call(
    method: string,
    path: string,
    options?: { as?: Caller | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  submit(body: unknown, options?: { as?: Caller; headers?: Record<string, string> }): Promise<ApiResponse>;
  get(id: string, as?: Caller): Promise<ApiResponse>;
  approve(id: string, as?: Caller, body?: unknown): Promise<ApiResponse>;
  /** Delivers every message, moving the clock to each scheduled one; returns how many deliveries it took. */
  run(): Promise<number>;
  /** The ARM sandbox's log since the last `reset()`, optionally only writes. */
  armCalls(filter?: (e: ArmLogEntry) => boolean): ArmLogEntry[];
  /** Back to the seed: ARM state, log, faults, an empty bus with no fault armed, and empty tables (requests and the grant ledger). */
  reset(): Promise<void>;
}

export const writes = (e: ArmLogEntry): boolean => e.method !== 'GET';

/**
 * The real function handlers on the real components: Azurite, the ARM sandbox over HTTPS with tokens
 * from the managed-identity sandbox, and the in-process bus on a manual clock.
 */
export async function startTestBroker({
  bucketsOnTestClock = false,
  ...options
}: Omit<LocalEnvironmentOptions, 'clock' | 'log'> & {
  /** The ARM sandbox's buckets refill by the manual clock, as the broker's time passes, not the wall's. */
  bucketsOnTestClock?: boolean;
} = {}): Promise<TestBroker> {
  const clock = new ManualClock();
  const logs: string[] = [];
  const sandboxOptions = options.sandboxes === false ? undefined : (options.sandboxes ?? {});
  const env = await startLocalEnvironment({
    // Tests submit many requests within one minute of the manual clock; the limit's own test sets it low.
    submissionsPerCallerPerMinute: 10_000,
    ...options,
    ...(bucketsOnTestClock && sandboxOptions
      ? {
          sandboxes: {
            ...sandboxOptions,
            arm: { ...sandboxOptions.arm, now: () => clock.now().getTime() },
          },
        }
      : {}),
    clock,
    log: (fn, level, args) =>
      logs.push(`${fn} ${level} ${args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ')}`),
  });
  const sandboxes = env.sandboxes;
  if (!sandboxes) throw new Error('the test broker always runs against the sandboxes');
  const call: TestBroker['call'] = async (method, path, { as = REQUESTER, body, headers = {} } = {}) => {
    const response = await env.host.http({
      method,
      url: path,
      headers: {
        ...(as ? easyAuthHeaders(as) : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    return {
      status: response.status,
      headers: response.headers,
      json: response.body ? JSON.parse(response.body) : undefined,
    };
  };
  return {
    ...env,
    sandboxes,
    clock,
    logs,
    call,
    submit: (body, { as = REQUESTER, headers } = {}) =>
      call('POST', '/api/identity-requests', { as, body, ...(headers ? { headers } : {}) }),
    get: (id, as = REQUESTER) => call('GET', `/api/identity-requests/${id}`, { as }),
    approve: (id, as = APPROVER, body = {}) =>
      call('POST', `/api/identity-requests/${id}/approve`, { as, body }),
    run: () => env.bus.drain({ advance: (to) => clock.advanceTo(to) }),
    armCalls: (filter = () => true) => sandboxes.arm.log.filter(filter),
    reset: async () => {
      sandboxes.arm.reset();
      env.bus.reset(); // expiry nudges of undecided requests from earlier tests, and their faults
      // The ledger must describe the ARM state just reset: earlier tests' holders would otherwise keep grants alive.
      await clearTables(env.azurite.connectionString, [
        REQUESTS_TABLE,
        IDEMPOTENCY_TABLE,
        GRANT_LEDGER_TABLE,
        SUBMISSION_COUNTS_TABLE,
        ACTIVE_WORK_TABLE,
      ]);
    },
  };
}
