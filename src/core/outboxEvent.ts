import type { EventType } from './eventType.js';
import type { IdentityRequest, OperationResult, RequestError, Ticket } from './identityRequest.js';
import type { NewEvent } from './requestEvent.js';
import type { RequestState } from './requestState.js';
import { nextState, type StateOrNew } from './transitions.js';

/** The body of an event on the `identity-request-events` topic (CONTRACT.md, Service Bus). */
export interface RequestEventBody {
  type: EventType;
  requestId: string;
  /** The state the request is in after this event. */
  state: RequestState;
  target: string;
  ticket?: Ticket;
  results?: Array<OperationResult | null>;
  error?: RequestError;
  at: string;
}

/**
 * One event waiting in a request's outbox: committed with the change it describes, sent after it.
 * `messageId` is the request ID and the event's version, so a consumer (or Service Bus duplicate
 * detection) can drop a second delivery of the same event.
 */
export interface OutboxEvent {
  sequence: number;
  messageId: string;
  /** The event's type, as Service Bus `subject`. */
  subject: EventType;
  correlationId?: string;
  body: RequestEventBody;
}

/** Decisions and news that change no state: one approval of a quorum, grants ended early, grants ended. */
const NEWS_WITHOUT_A_STATE_CHANGE: ReadonlySet<EventType> = new Set([
  'approvalRecorded',
  'revocationRequested',
  'grantsRevoked',
]);

export const eventMessageId = (requestId: string, sequence: number): string => `${requestId}-${sequence}`;

/**
 * The outbox rows a change writes: one for each of `events` that moves the request's state or is a
 * decision; steps and retries stay in the history only. Pure, so the store that writes the rows and the
 * step that sends them after the commit compute the same list.
 */
export function outboxOf(
  from: StateOrNew,
  next: IdentityRequest,
  firstSequence: number,
  events: readonly NewEvent[],
): OutboxEvent[] {
  const outbox: OutboxEvent[] = [];
  let state = from;
  events.forEach((event, i) => {
    const to = nextState(state, event.type) ?? state;
    const moved = to !== state;
    state = to;
    if (to === 'new' || !(moved || NEWS_WITHOUT_A_STATE_CHANGE.has(event.type))) return;
    const sequence = firstSequence + i;
    const hasResults = next.results.some((r) => r !== null);
    outbox.push({
      sequence,
      messageId: eventMessageId(next.id, sequence),
      subject: event.type,
      ...(next.correlationId === undefined ? {} : { correlationId: next.correlationId }),
      body: {
        type: event.type,
        requestId: next.id,
        state: to,
        target: next.target,
        ...(next.ticket ? { ticket: next.ticket } : {}),
        ...(hasResults ? { results: next.results } : {}),
        ...(next.error ? { error: next.error } : {}),
        at: event.at,
      },
    });
  });
  return outbox;
}
