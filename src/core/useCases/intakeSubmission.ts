import type { Actor } from '../caller.js';
import type { FieldError } from '../fieldError.js';
import type { IdentityRequest } from '../identityRequest.js';
import { parseQueueSubmission } from '../parseSubmission.js';
import { submitRequest, type SubmitDeps } from './submitRequest.js';

/** Why a queued submission is refused: the dead-letter reason, and each field at fault where there are any. */
export interface IntakeRefusal {
  reason: string;
  message: string;
  errors: FieldError[];
}

const summarize = (errors: readonly FieldError[]) => errors.map((e) => `${e.path} ${e.message}`).join('; ');

export interface IntakeDeps extends SubmitDeps {
  /** The identity `requestedBy` names: an object ID, or a service name the policy maps to one. */
  senderOf(requestedBy: string): Actor | undefined;
}

const invalid = (errors: FieldError[]) => ({
  ok: false as const,
  refusal: { reason: 'InvalidRequest', message: summarize(errors), errors },
});

/**
 * Another service's request from the `identity-requests` queue: validated exactly as over HTTP, its
 * sender named by `requestedBy`, its message ID the idempotency key (a redelivery never doubles it).
 */
export async function intakeSubmission(
  message: { body: unknown; messageId: string; queue: string },
  deps: IntakeDeps,
): Promise<{ ok: true; request: IdentityRequest } | { ok: false; refusal: IntakeRefusal }> {
  const draft = parseQueueSubmission(message.body);
  if (!draft.ok) return invalid(draft.error.errors);
  const { requestedBy, ...request } = draft.value;
  // A name is no identity: an approver's UPN here would let that approver approve their own request.
  const requester = deps.senderOf(requestedBy);
  if (!requester)
    return invalid([
      {
        path: 'requestedBy',
        message: "must be the sending service's object ID, or a name the policy maps to one in services",
      },
    ]);
  const submitted = await submitRequest(
    {
      draft: request,
      requester,
      source: 'queue',
      idempotencyKey: `queue|${message.queue}|${message.messageId}`,
      correlationId: message.messageId,
    },
    deps,
  );
  if (submitted.ok) return { ok: true, request: submitted.value.request };
  const error = submitted.error;
  const errors = 'errors' in error ? error.errors : [];
  return {
    ok: false,
    refusal: {
      reason: error.code,
      message: 'errors' in error ? summarize(error.errors) : error.message,
      errors,
    },
  };
}
