import type { EventType } from './eventType.js';

/** An event about to be appended to a request's history. */
export interface NewEvent {
  type: EventType;
  at: string;
  actor: string;
  data?: unknown;
}

/** An event as stored, with its sequence number. */
export interface RequestEvent extends NewEvent {
  sequence: number;
}
