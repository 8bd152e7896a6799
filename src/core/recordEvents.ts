import type { EventType } from './eventType.js';
import type { IdentityRequest } from './identityRequest.js';
import type { NewEvent } from './ports.js';
import { TERMINAL_STATES } from './requestState.js';
import { nextState, type StateOrNew } from './transitions.js';

/** Fields to change alongside the events; `undefined` removes a field. */
export type RequestChanges = { [K in keyof IdentityRequest]?: IdentityRequest[K] | undefined };

export interface EventSpec {
  type: EventType;
  data?: unknown;
}

/**
 * Walks `events` through the transitions table from `from` and returns the request that results,
 * with its version and times moved on. Throws on a transition the table refuses: callers check
 * `nextState` first for anything a user can ask for, so a refusal here is a bug.
 */
export function recordEvents(
  request: IdentityRequest,
  from: StateOrNew,
  events: readonly EventSpec[],
  context: { actor: string; now: Date },
  changes: RequestChanges = {},
): { next: IdentityRequest; events: NewEvent[] } {
  let state: StateOrNew = from;
  for (const event of events) {
    const to = nextState(state, event.type);
    if (to === undefined) throw new Error(`transition refused: ${state} does not accept ${event.type}`);
    state = to;
  }
  if (state === 'new') throw new Error('events must leave the request in a stored state');
  const at = context.now.toISOString();
  const merged: Record<string, unknown> = {
    ...request,
    ...changes,
    state,
    version: request.version + events.length,
    updatedAt: at,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const next = merged as unknown as IdentityRequest;
  if (TERMINAL_STATES.has(state) && !next.completedAt) next.completedAt = at;
  return {
    next,
    events: events.map((e) => ({
      type: e.type,
      at,
      actor: context.actor,
      ...(e.data === undefined ? {} : { data: e.data }),
    })),
  };
}
