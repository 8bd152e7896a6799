import type { Actor } from '../caller.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { TicketDraft } from '../tickets/ticketFields.js';
import { err, ok, type Result } from '../result.js';
import { submitRequest, type SubmitDeps } from './submitRequest.js';
import type { UseCaseError } from './useCaseErrors.js';

export interface TicketSubmission {
  draft: TicketDraft;
  requester: Actor;
  /** The ticket system's delivery ID (its retries keep it); absent where the system sends none. */
  deliveryId?: string;
  correlationId?: string;
}

export type TicketError =
  UseCaseError | { code: 'ticketAlreadySubmitted'; message: string; requestId: string };

export interface TicketSubmitted {
  request: IdentityRequest;
  /** False for a redelivery, or a ticket that already made its request: nothing new was stored. */
  created: boolean;
  nudged: boolean;
}

const deliveryKey = (system: string, deliveryId: string) => `ticket-delivery|${system}|${deliveryId}`;
const ticketKey = (system: string, recordId: string) => `ticket|${system}|${recordId}`;

/**
 * A verified ticket through the same submission as HTTP (policy, planning, events). One ticket makes at most
 * one request: the ticket's own record ID is the idempotency key, so a redelivery, a replay under another
 * delivery ID (the header is not signed) or a second move into the intake status returns the request the
 * ticket already made. The delivery ID maps to that request too, and is looked up first, so a redelivery reads
 * nothing else. Each requester's submissions count against the per-caller limit (not the ticket system's: it
 * speaks for everyone); a redelivery counts nothing.
 */
export async function submitTicket(
  input: TicketSubmission,
  deps: SubmitDeps,
): Promise<Result<TicketSubmitted, TicketError>> {
  const { system, recordId } = input.draft.ticket;
  const delivery = input.deliveryId ? deliveryKey(system, input.deliveryId) : undefined;
  if (delivery) {
    const known = await deps.store.findIdempotencyKey(delivery);
    const existing = known && (await deps.store.get(known.requestId));
    if (existing) return ok({ request: existing.request, created: false, nudged: true });
  }
  const submitted = await submitRequest(
    {
      draft: input.draft,
      requester: input.requester,
      source: system,
      idempotencyKey: ticketKey(system, recordId),
      limitedAs: input.requester.id,
      ...(input.correlationId ? { correlationId: input.correlationId } : {}),
    },
    deps,
  );
  if (!submitted.ok) {
    if (submitted.error.code !== 'idempotencyKeyReused') return submitted;
    const known = await deps.store.findIdempotencyKey(ticketKey(system, recordId));
    return err({
      code: 'ticketAlreadySubmitted',
      requestId: known?.requestId ?? '',
      message: `${input.draft.ticket.id} already made request ${known?.requestId ?? ''}; a changed ticket makes no second request: open a new one`,
    });
  }
  if (delivery)
    await deps.store.claimIdempotencyKey(delivery, {
      requestId: submitted.value.request.id,
      fingerprint: deliveryKey(system, recordId),
    });
  return ok(submitted.value);
}
