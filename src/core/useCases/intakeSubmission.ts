import type { Actor } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import { type IntakeRefusal, queuedDraft, refusalOf } from './queuedDraft.js';
import { submitRequest, type SubmitDeps } from './submitRequest.js';

export type { IntakeRefusal } from './queuedDraft.js';

export interface IntakeDeps extends SubmitDeps {
  /** The identity `requestedBy` names: an object ID, or a service name the policy maps to one. */
  senderOf(requestedBy: string): Actor | undefined;
}

/**
 * Another service's request from the `identity-requests` queue: validated exactly as over HTTP, its
 * sender named by `requestedBy`, its message ID the idempotency key (a redelivery never doubles it).
 */
export async function intakeSubmission(
  message: { body: unknown; messageId: string; queue: string },
  deps: IntakeDeps,
): Promise<{ ok: true; request: IdentityRequest } | { ok: false; refusal: IntakeRefusal }> {
  const queued = queuedDraft(message.body, deps.senderOf);
  if (!queued.ok) return queued;
  const { draft: request, requester } = queued;
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
  return { ok: false, refusal: refusalOf(submitted.error) };
}
