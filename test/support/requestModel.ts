import { expect } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  KEY_VAULT,
  STORAGE_ACCOUNT,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_PLAIN,
} from '../../dev/armSandbox/seed.js';
import type { ArmLogEntry } from '../../dev/armSandbox/types.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import { type RequestState, TERMINAL_STATES } from '../../src/core/requestState.js';
import { nextState, type StateOrNew } from '../../src/core/transitions.js';

/** What the model knows of a request: only what the API promises, never how the executor gets there. */
export type Phase = 'awaiting' | 'denied' | 'rejected' | 'cancelled' | 'decided';

/** One kind of request the model submits; each is valid against the seeded sandbox. */
export interface Template {
  name: string;
  target: string;
  operations: unknown[];
  /** Refused by policy at submission (a forbidden role). */
  denied?: boolean;
  /** Holds a grant that ends by itself (so it ends `revoked`, not `succeeded`). */
  timeBound?: boolean;
}

export const GRANT_HOURS = 2;

export const TEMPLATES: readonly Template[] = [
  {
    name: 'enable on an Automation account',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
  },
  {
    name: 'attach a user-assigned identity',
    target: AUTOMATION_ACCOUNT_PLAIN,
    operations: [{ kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id }],
  },
  {
    name: 'enable on a VM (long-running)',
    target: VM_PLAIN,
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
  },
  {
    name: 'time-bound grant',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    timeBound: true,
    operations: [
      {
        kind: 'assignRole',
        principal: UAI_REPORTING.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
        duration: `PT${GRANT_HOURS}H`,
      },
    ],
  },
  {
    name: 'permanent grant',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    operations: [{ kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Reader', scope: STORAGE_ACCOUNT }],
  },
  {
    name: 'forbidden role',
    target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
    denied: true,
    operations: [{ kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Owner', scope: KEY_VAULT }],
  },
];

export interface ModelRequest {
  id: string;
  template: Template;
  phase: Phase;
  /** The approval deadline, ms since the epoch. */
  deadline: number;
  /** The state last read from the store, after the previous command. */
  observed: IdentityRequest;
  revokeAsked: boolean;
}

export interface Model {
  requests: ModelRequest[];
  /** The manual clock as the model moved it. */
  now: number;
  /** Commands run so far, for the figures. */
  executed: number;
}

const DECIDED: ReadonlySet<RequestState> = new Set([
  'approved',
  'applying',
  'succeeded',
  'failed',
  'revoked',
]);

/** The states the store may hold for what the model knows: the executor's progress is the bus's business. */
export function allowedStates(r: ModelRequest, now: number): ReadonlySet<RequestState> {
  switch (r.phase) {
    case 'awaiting':
      // Past its deadline the expiry nudge may or may not have been delivered yet.
      return new Set(now >= r.deadline ? ['awaitingApproval', 'expired'] : ['awaitingApproval']);
    case 'decided':
      return DECIDED;
    default:
      return new Set([r.phase]);
  }
}

/** Each event of the history is one the state before it accepts, and the last leads to the stored state. */
export function expectHistoryIsAPath(request: IdentityRequest, history: Array<{ type: string }>): void {
  let state: StateOrNew = 'new';
  for (const [i, event] of history.entries()) {
    const next = nextState(state, event.type as never);
    expect(next, `${request.id} event ${i} ${event.type} from ${state}`).toBeDefined();
    state = next as StateOrNew;
  }
  expect(state, `${request.id}: its history leads to ${state}`).toBe(request.state);
}

/** What a settled run must have come to, from the model alone. */
export function finalStates(r: ModelRequest): RequestState[] {
  if (r.phase === 'awaiting') return ['expired'];
  if (r.phase !== 'decided') return [r.phase];
  // Cancelled while still `approved`: the model learns that from the cancel's answer, so not here.
  return r.template.timeBound ? ['revoked'] : ['succeeded'];
}

export const isSettled = (state: RequestState): boolean => TERMINAL_STATES.has(state);

const lower = (s: string) => s.toLowerCase();

/**
 * No ARM write before the committed state allows it: every write in the sandbox's log touches a target
 * or a scope of a request whose history reached `applyStarted`.
 */
export function unexplainedWrites(
  log: ArmLogEntry[],
  requests: Array<{ request: IdentityRequest; history: Array<{ type: string }> }>,
): string[] {
  const applied = requests.filter((r) => r.history.some((e) => e.type === 'applyStarted'));
  const paths = applied.flatMap(({ request }) => [
    lower(request.target),
    ...request.operations.flatMap((op) => ('scope' in op ? [lower(op.scope)] : [])),
  ]);
  return log
    .filter((e) => e.method !== 'GET')
    .filter((e) => !paths.some((p) => lower(e.path).startsWith(p)))
    .map((e) => `${e.method} ${e.path}`);
}
