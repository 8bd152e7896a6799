import { type Html, html } from './html.js';
import { approvalPath } from './pageLayout.js';

export interface DecisionFormInput {
  requestId: string;
  /** The version the page shows: sent back as the If-Match of the decision. */
  version: number;
  /** The cross-site token, also in the caller's cookie. */
  token: string;
  /** What the caller typed, shown again after a refusal so nothing is lost. */
  comment?: string;
  error?: string;
}

/** Approve or reject, with one comment field; a rejection needs the comment. */
export function decisionForm(input: DecisionFormInput): Html {
  return html`<section aria-labelledby="decide-heading">
    <h2 id="decide-heading">Your decision</h2>
    <form class="decide" method="post" action="${approvalPath(input.requestId)}/decision">
      <input type="hidden" name="version" value="${input.version}" />
      <input type="hidden" name="token" value="${input.token}" />
      ${input.error ? html`<p class="card notice error" role="alert" id="comment-error">${input.error}</p>` : ''}
      <label for="comment">Comment</label>
      <textarea
        id="comment"
        name="comment"
        maxlength="2000"
        aria-describedby="comment-hint${input.error ? ' comment-error' : ''}"
      >
${input.comment ?? ''}</textarea>
      <p class="hint muted" id="comment-hint">
        Optional when approving, required when rejecting. Kept with your decision.
      </p>
      <div class="buttons">
        <button class="approve" type="submit" name="decision" value="approve">Approve</button>
        <button class="reject" type="submit" name="decision" value="reject">Reject</button>
      </div>
    </form>
  </section>`;
}
