import type { IdentityRequest } from '../../src/core/identityRequest.js';

const TARGET =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-automation/providers/Microsoft.Automation/automationAccounts/aa-one';

/** A stored-shape request in `awaitingApproval`, for storage tests; override what the test is about. */
export function requestFixture(overrides: Partial<IdentityRequest> = {}): IdentityRequest {
  return {
    id: 'ffff00000000aaaaaaaaaaaa',
    state: 'awaitingApproval',
    version: 3,
    target: TARGET,
    targetKind: 'automationAccount',
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    justification: 'runbook needs an identity',
    requestedBy: { id: 'Requester-Object-Id', name: 'requester@contoso.com' },
    source: 'http',
    policy: {
      decision: 'approvalRequired',
      reasons: ['a person approves'],
      approvers: ['approver@contoso.com'],
    },
    plan: {
      computedAt: '2026-11-23T09:00:00.000Z',
      targetIdentity: { type: 'None', userAssignedIdentities: [] },
      steps: [
        {
          kind: 'updateIdentity',
          operations: [0],
          change: 'write',
          calls: [{ method: 'PATCH', path: TARGET, body: { identity: { type: 'SystemAssigned' } } }],
        },
      ],
      warnings: [],
    },
    decisions: [],
    results: [null],
    nextStep: 0,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:00.000Z',
    approvalExpiresAt: '2026-11-24T09:00:00.000Z',
    ...overrides,
  };
}

/** A request with every optional field set, so a storage round trip covers the whole mapping. */
export function fullRequestFixture(): IdentityRequest {
  return {
    ...requestFixture(),
    ticket: { system: 'jira', id: 'OPS-1', url: 'https://contoso.atlassian.net/browse/OPS-1' },
    correlationId: 'msg-1',
    decisions: [
      {
        decision: 'approved',
        by: { id: 'a', name: 'approver@contoso.com' },
        at: '2026-11-23T09:30:00.000Z',
        comment: 'ok',
        version: 3,
      },
    ],
    results: [
      {
        status: 'succeeded',
        principalId: 'p',
        tenantId: 't',
        expiresAt: '2026-11-24T00:00:00.000Z',
        revokedAt: '2026-11-23T12:00:00.000Z',
      },
    ],
    nextStep: 1,
    progress: {
      step: 0,
      attempt: 2,
      transientAttempts: 1,
      firstAttemptAt: '2026-11-23T09:00:00.000Z',
      resumeToken: 'token',
      lastError: { code: 'TooManyRequests', message: 'slow down' },
    },
    notBefore: '2026-11-23T10:00:00.000Z',
    error: { code: 'LinkedAuthorizationFailed', message: 'no', operation: 0 },
    completedAt: '2026-11-23T11:00:00.000Z',
    revocationRequested: { by: { id: 'r' }, at: '2026-11-23T11:30:00.000Z' },
  };
}

export const submittedEvents = (at = '2026-11-23T09:00:00.000Z') => [
  { type: 'requestSubmitted' as const, at, actor: 'requester', data: { source: 'http' } },
  { type: 'policyEvaluated' as const, at, actor: 'requester', data: { decision: 'approvalRequired' } },
  { type: 'approvalRequested' as const, at, actor: 'requester' },
];
