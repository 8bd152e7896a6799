import { approvedBy, requiredApprovals } from '../../../core/approvalCount.js';
import type { Caller } from '../../../core/caller.js';
import type { IdentityRequest } from '../../../core/identityRequest.js';
import type { RequestAccess } from '../../../core/useCases/requestAccess.js';
import { actor, ageOf, describeOperation, shortName } from './formatting.js';
import { type Html, html } from './html.js';
import { APPROVALS_PATH, approvalPath, pageLayout } from './pageLayout.js';

export interface PendingItem {
  request: IdentityRequest;
  access: RequestAccess;
}

export interface ApprovalListInput {
  items: PendingItem[];
  caller: Caller;
  now: Date;
  /** False: the caller approves nothing, and sees only what they asked for themselves. */
  approvesAnything: boolean;
  continuationToken?: string;
}

function whoDecides(access: RequestAccess): Html {
  if (access.isRequester) return html`<span class="muted">your own request</span>`;
  return access.isApprover
    ? html`<strong>you can decide</strong>`
    : html`<span class="muted">needs an approver for every scope it touches</span>`;
}

function item({ request, access }: PendingItem, now: Date): Html {
  const missing = Math.max(0, requiredApprovals(request, access.decision) - approvedBy(request).size);
  return html`<li>
    <h2><a href="${approvalPath(request.id)}">${shortName(request.target)}</a></h2>
    <p class="id">${request.target}</p>
    <div class="meta">
      <span>Requested by ${actor(request.requestedBy)}</span>
      <span>${ageOf(request.createdAt, now)} ago</span>
      <span><strong>${missing} approval${missing === 1 ? '' : 's'} missing</strong></span>
      <span>${whoDecides(access)}</span>
    </div>
    <ul class="plain">
      ${request.operations.map((op) => html`<li>${describeOperation(op)}</li>`)}
    </ul>
    <ul class="plain muted reasons" aria-label="Policy reasons">
      ${request.policy.reasons.map((r) => html`<li>${r}</li>`)}
    </ul>
    ${request.plan.warnings.length ? html`<p><strong>⚠ ${request.plan.warnings.length} warning${request.plan.warnings.length === 1 ? '' : 's'}</strong></p>` : ''}
  </li>`;
}

/** The requests waiting for a decision, newest first. */
export function approvalList(input: ApprovalListInput): Html {
  const intro = input.approvesAnything
    ? 'Requests waiting for a decision, newest first.'
    : 'Policy names you as an approver of nothing: these are your own requests waiting for a decision.';
  return pageLayout({
    title: 'Pending requests',
    caller: input.caller,
    body: html`<h1>Pending requests</h1>
      <p class="muted">${intro}</p>
      ${
        input.items.length === 0
          ? html`<p class="card" id="empty">Nothing is waiting for a decision.</p>`
          : html`<ol class="requests" aria-label="Pending requests">
              ${input.items.map((i) => item(i, input.now))}
            </ol>`
      }
      ${input.continuationToken ? html`<nav class="pages" aria-label="More requests"><a href="${APPROVALS_PATH}?continuationToken=${encodeURIComponent(input.continuationToken)}">Older requests →</a></nav>` : ''}`,
  });
}
