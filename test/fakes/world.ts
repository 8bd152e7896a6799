import type { Caller } from '../../src/core/caller.js';
import type { Operation } from '../../src/core/operation.js';
import { createDocumentPolicy } from '../../src/core/policy/documentPolicy.js';
import { policyDocumentSchema } from '../../src/core/policy/policyDocument.js';
import type { Policy } from '../../src/core/ports.js';
import type { RequestDraft } from '../../src/core/requestSchema.js';
import { type RetrySettings } from '../../src/core/retrySettings.js';
import { FakeArm } from './fakeArm.js';
import { AA } from './ids.js';
import { ManualClock } from './manualClock.js';
import { MemoryGrantLedger } from './memoryGrantLedger.js';
import { MemoryRequestStore } from './memoryRequestStore.js';
import { RecordingNudger } from './recordingNudger.js';

export const REQUESTER: Caller = {
  id: 'Requester-Object-Id',
  name: 'requester@contoso.com',
  roles: [],
  groups: [],
};
export const APPROVER: Caller = {
  id: 'a9b8c7d6-0000-4000-8000-0000000000a1',
  name: 'approver@contoso.com',
  roles: [],
  groups: [],
};
export const ROLE_APPROVER: Caller = {
  id: 'a9b8c7d6-0000-4000-8000-0000000000b2',
  roles: ['IdentityApprovers'],
  groups: [],
};
export const STRANGER: Caller = {
  id: 'a9b8c7d6-0000-4000-8000-0000000000c3',
  name: 'stranger@contoso.com',
  roles: ['Reader'],
  groups: [],
};

/** The policy most tests run under: two approvers, the default forbidden roles, a 24-hour deadline. */
export const defaultPolicy = (overrides: Record<string, unknown> = {}): Policy =>
  createDocumentPolicy(
    policyDocumentSchema.parse({ approvers: [APPROVER.id, 'role:IdentityApprovers'], ...overrides }),
  );

/**
 * A policy that always says the same: for the outcomes the document policy never gives, and for callers
 * who approve "anything" without being named for a given request.
 */
export const fixedPolicy = (
  decision: 'autoApproved' | 'denied' | 'approvalRequired',
  options: { approvers?: string[]; approvesAnything?: (caller: Caller) => boolean } = {},
): Policy => ({
  approvalTimeoutMs: 60 * 60_000,
  approvesAnything: options.approvesAnything ?? ((caller) => caller.id === APPROVER.id),
  evaluate: () => ({
    decision,
    reasons: [`fixed: ${decision}`],
    approvers: options.approvers ?? (decision === 'denied' ? [] : [APPROVER.id]),
  }),
});

export const draftOf = (operations: Operation[], target = AA): RequestDraft => ({
  target,
  operations,
  justification: 'nightly rotation runbook reads secrets',
});

/** Fast, countable retries for the executor. */
export const TEST_RETRY: RetrySettings = {
  baseDelayMs: 5_000,
  maxDelayMs: 300_000,
  maxAttempts: 3,
  replicationWindowMs: 10 * 60_000,
  pollIntervalMs: 10_000,
};

/** Everything a use case needs, fake where it leaves the process. */
export function world(policy: Policy = defaultPolicy()) {
  let ids = 0;
  return {
    store: new MemoryRequestStore(),
    ledger: new MemoryGrantLedger(),
    arm: new FakeArm(),
    nudger: new RecordingNudger(),
    clock: new ManualClock(),
    policy,
    retry: TEST_RETRY,
    // Counting down, as real IDs do: a later request has a smaller ID.
    newId: () => `ffff${String(999_999 - ++ids).padStart(20, '0')}`,
  };
}

export type World = ReturnType<typeof world>;
