import type { IdentityRequest } from './identityRequest.js';
import type { RequestEvent } from './ports.js';
import { approvalsOf } from './approvalCount.js';
import { publicError } from './publicArmMessage.js';
import type { RequestView } from './requestViewSchema.js';

/** The request's version as an ETag; approvers send it back in If-Match. */
export const etagOf = (version: number): string => `"${version}"`;

/** The public representation of a request (CONTRACT.md), typed from the schema the OpenAPI document shows. */
export function toRequestView(request: IdentityRequest, history?: RequestEvent[]): RequestView {
  return {
    id: request.id,
    state: request.state,
    target: request.target,
    targetKind: request.targetKind,
    operations: request.operations,
    requestedBy: request.requestedBy,
    source: request.source,
    correlationId: request.correlationId ?? null,
    justification: request.justification,
    ticket: request.ticket ?? null,
    policy: request.policy,
    plan: request.plan,
    decisions: request.decisions,
    approvals: approvalsOf(request),
    results: request.results,
    error: request.error ? publicError(request.error) : null,
    progress:
      request.state === 'applying'
        ? {
            nextStep: request.nextStep,
            steps: request.plan.steps.length,
            notBefore: request.notBefore ?? null,
            attempt: request.progress?.attempt ?? 0,
            lastError: request.progress?.lastError ? publicError(request.progress.lastError) : null,
          }
        : null,
    ...(history ? { history: history.map((e) => (e.data ? { ...e, data: publicError(e.data) } : e)) } : {}),
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    completedAt: request.completedAt ?? null,
    approvalExpiresAt: request.approvalExpiresAt ?? null,
    etag: etagOf(request.version),
  };
}
