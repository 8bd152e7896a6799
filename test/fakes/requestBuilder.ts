import type { IdentityRequest } from '../../src/core/identityRequest.js';
import type { NewEvent } from '../../src/core/ports.js';
import { AA } from './ids.js';

/** A stored-shape request in `awaitingApproval` with a one-step plan; override what the test is about. */
export function requestOf(overrides: Partial<IdentityRequest> = {}): IdentityRequest {
  return {
    id: 'ffff00000000aaaaaaaaaaaa',
    state: 'awaitingApproval',
    version: 3,
    target: AA,
    targetKind: 'automationAccount',
    operations: [{ kind: 'enableSystemAssignedIdentity' }],
    justification: 'runbook needs an identity',
    requestedBy: { id: 'Requester-Object-Id', name: 'requester@contoso.com' },
    source: 'http',
    policy: {
      decision: 'approvalRequired',
      reasons: ['a person approves'],
      approvers: ['a9b8c7d6-0000-4000-8000-0000000000a1'],
    },
    plan: {
      computedAt: '2026-11-23T09:00:00.000Z',
      targetIdentity: { type: 'None', userAssignedIdentities: [] },
      steps: [
        {
          kind: 'updateIdentity',
          operations: [0],
          change: 'write',
          calls: [{ method: 'PATCH', path: AA, body: { identity: { type: 'SystemAssigned' } } }],
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

/** As many events as a request's version says it has. */
export const eventsFor = (request: IdentityRequest): NewEvent[] =>
  Array.from({ length: request.version }, (_, i) => ({
    type: i === 0 ? ('requestSubmitted' as const) : ('policyEvaluated' as const),
    at: request.createdAt,
    actor: request.requestedBy.id,
  }));
