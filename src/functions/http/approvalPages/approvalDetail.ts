import { approvedBy, requiredApprovals } from '../../../core/approvalCount.js';
import type { Caller } from '../../../core/caller.js';
import type { IdentityRequest } from '../../../core/identityRequest.js';
import { publicError } from '../../../core/publicArmMessage.js';
import type { RequestEvent } from '../../../core/ports.js';
import type { RequestAccess } from '../../../core/useCases/requestAccess.js';
import { type DecisionFormInput, decisionForm } from './decisionForm.js';
import { actor, ageOf, describeOperation, resource, shortName, stateBadge, timeOf } from './formatting.js';
import { type Html, html } from './html.js';
import { historyTable } from './historyTable.js';
import { pageLayout } from './pageLayout.js';
import { planDiff } from './planDiff.js';
import { ticketOf } from './ticketLink.js';

export interface ApprovalDetailInput {
  request: IdentityRequest;
  history: RequestEvent[];
  caller: Caller;
  access: RequestAccess;
  now: Date;
  /** The cross-site token the decision form carries. */
  token: string;
  /** A confirmation after a decision (from a fixed set of words, never from the query). */
  confirmation?: string;
  /** A refused decision, shown above the form with what the caller typed. */
  form?: Pick<DecisionFormInput, 'comment' | 'error'>;
}

function approvalsSection(request: IdentityRequest, access: RequestAccess): Html {
  const required = requiredApprovals(request, access.decision);
  const received = approvedBy(request).size;
  const missing = Math.max(0, required - received);
  const counting = request.policy.decision === 'approvalRequired';
  return html`<section aria-labelledby="approvals-heading">
    <h2 id="approvals-heading">Approvals</h2>
    ${counting ? html`<p id="approvals-count"><strong>${received} of ${required}</strong> approval${required === 1 ? '' : 's'}${request.state === 'awaitingApproval' ? html`, <strong>${missing} approval${missing === 1 ? '' : 's'} missing</strong>` : ''}.</p>` : html`<p>No person had to approve: ${request.policy.decision === 'autoApproved' ? 'policy approved it' : 'policy denied it'}.</p>`}
    ${
      request.decisions.length === 0
        ? html`<p class="muted">No decision yet.</p>`
        : html`<ul class="plain" id="decisions">
            ${request.decisions.map((d) => html`<li><strong>${d.decision === 'approved' ? 'Approved' : 'Rejected'}</strong> by ${actor(d.by)} at ${timeOf(d.at)} (version ${d.version})${d.comment ? html`: “${d.comment}”` : ''}</li>`)}
          </ul>`
    }
  </section>`;
}

function warningsSection(warnings: string[]): Html {
  if (warnings.length === 0)
    return html`<section aria-labelledby="warnings-heading">
      <h2 id="warnings-heading">Warnings</h2>
      <p class="muted">The plan raised no warnings.</p>
    </section>`;
  return html`<section class="warnings" aria-labelledby="warnings-heading" id="warnings">
    <h2 id="warnings-heading">⚠ Warnings (${warnings.length})</h2>
    <ul>
      ${warnings.map((w) => html`<li>${w}</li>`)}
    </ul>
  </section>`;
}

const POLICY_WORDS = {
  approvalRequired: 'needs approval',
  autoApproved: 'approved by policy',
  denied: 'denied',
};

function policySection(request: IdentityRequest): Html {
  return html`<section aria-labelledby="policy-heading">
    <h2 id="policy-heading">Policy: ${POLICY_WORDS[request.policy.decision]}</h2>
    <ul class="plain" id="reasons">
      ${request.policy.reasons.map((r) => html`<li>${r}</li>`)}
    </ul>
  </section>`;
}

/** Why this caller sees no buttons. */
function noDecision(request: IdentityRequest, access: RequestAccess): Html {
  if (request.state !== 'awaitingApproval')
    return html`<p class="card muted" id="no-decision">This request is no longer waiting for a decision.</p>`;
  if (access.isRequester)
    return html`<p class="card muted" id="no-decision">
      You asked for this request, so you cannot decide it.
    </p>`;
  return html`<p class="card muted" id="no-decision">
    Policy does not name you as an approver for every scope this request touches, so you cannot decide it.
  </p>`;
}

function summary(request: IdentityRequest, now: Date): Html {
  const error = request.error ? publicError(request.error) : undefined;
  return html`<section aria-labelledby="summary-heading">
    <h2 id="summary-heading">Request</h2>
    <dl class="facts">
      <dt>State</dt>
      <dd id="state">${stateBadge(request.state)}</dd>
      <dt>Target</dt>
      <dd>${resource(request.target)}</dd>
      <dt>Requested by</dt>
      <dd>${actor(request.requestedBy)}</dd>
      <dt>Justification</dt>
      <dd id="justification">${request.justification}</dd>
      <dt>Ticket</dt>
      <dd>${ticketOf(request.ticket)}</dd>
      <dt>Submitted</dt>
      <dd>${timeOf(request.createdAt)} (${ageOf(request.createdAt, now)} ago)</dd>
      ${
        request.approvalExpiresAt && request.state === 'awaitingApproval'
          ? html`<dt>Decide by</dt>
              <dd>${timeOf(request.approvalExpiresAt)}</dd>`
          : ''
      }
      <dt>Operations</dt>
      <dd>
        <ol class="plain">
          ${request.operations.map((op) => html`<li>${describeOperation(op)}</li>`)}
        </ol>
      </dd>
      ${
        error
          ? html`<dt>Error</dt>
              <dd><code>${error.code}</code>: ${error.message}</dd>`
          : ''
      }
      <dt>Request ID</dt>
      <dd class="id">${request.id}</dd>
    </dl>
  </section>`;
}

/** One request: what it asks, what policy said, the plan as a diff, its history, and the decision form. */
export function approvalDetail(input: ApprovalDetailInput): Html {
  const { request, access } = input;
  const canDecide = request.state === 'awaitingApproval' && access.isApprover && !access.isRequester;
  return pageLayout({
    title: `${shortName(request.target)}: ${request.state}`,
    caller: input.caller,
    body: html`<p><a href="/api/approvals">← All pending requests</a></p>
      <h1>${shortName(request.target)} ${stateBadge(request.state)}</h1>
      ${input.confirmation ? html`<p class="card notice" role="status" id="confirmation">${input.confirmation}</p>` : ''}
      ${warningsSection(request.plan.warnings)} ${summary(request, input.now)}
      ${approvalsSection(request, access)} ${policySection(request)} ${planDiff(request)}
      ${canDecide ? decisionForm({ requestId: request.id, version: request.version, token: input.token, ...input.form }) : noDecision(request, access)}
      ${historyTable(input.history, [request.requestedBy, ...request.decisions.map((d) => d.by)])}`,
  });
}
