import type { IdentityRequest } from '../../src/core/identityRequest.js';
import { requestOf } from '../fakes/requestBuilder.js';

/** The stored-shape request the core tests build; the storage tests start from the same one. */
export const requestFixture = requestOf;

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
