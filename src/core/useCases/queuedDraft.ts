import type { Actor } from '../caller.js';
import type { FieldError } from '../fieldError.js';
import { parseQueueSubmission } from '../parseSubmission.js';
import type { RequestDraft } from '../requestSchema.js';
import type { UseCaseError } from './useCaseErrors.js';

/** Why a queued message is refused: the dead-letter reason, and each field at fault where there are any. */
export interface IntakeRefusal {
  reason: string;
  message: string;
  errors: FieldError[];
}

export const summarizeErrors = (errors: readonly FieldError[]) =>
  errors.map((e) => `${e.path} ${e.message}`).join('; ');

export const invalidRequest = (errors: FieldError[]): { ok: false; refusal: IntakeRefusal } => ({
  ok: false,
  refusal: { reason: 'InvalidRequest', message: summarizeErrors(errors), errors },
});

/**
 * A queued body read as a draft and its sender, exactly as a submission and its what-if both need it: the
 * body validated as over HTTP, the requester the identity `requestedBy` names.
 */
export function queuedDraft(
  body: unknown,
  senderOf: (requestedBy: string) => Actor | undefined,
): { ok: true; draft: RequestDraft; requester: Actor } | { ok: false; refusal: IntakeRefusal } {
  const parsed = parseQueueSubmission(body);
  if (!parsed.ok) return invalidRequest(parsed.error.errors);
  const { requestedBy, ...draft } = parsed.value;
  // A name is no identity: an approver's UPN here would let that approver approve their own request.
  const requester = senderOf(requestedBy);
  if (!requester)
    return invalidRequest([
      {
        path: 'requestedBy',
        message: "must be the sending service's object ID, or a name the policy maps to one in services",
      },
    ]);
  return { ok: true, draft, requester };
}

/** A use case's refusal, as the rejected queue and a `requestInvalid` reply carry it. */
export function refusalOf(error: UseCaseError): IntakeRefusal {
  const errors = 'errors' in error ? error.errors : [];
  return {
    reason: error.code,
    message: 'errors' in error ? summarizeErrors(error.errors) : error.message,
    errors,
  };
}
