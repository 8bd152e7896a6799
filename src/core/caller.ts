/** An authenticated caller, as Easy Auth names it. */
export interface Caller {
  /** Entra object ID: the only thing a caller is known by. */
  id: string;
  /** Display data (a UPN or display name): shown, never matched. */
  name?: string;
  /** App roles from the principal's claims. */
  roles: string[];
  /** Group object IDs from the principal's `groups` claims. */
  groups: string[];
}

/** Who did something, as kept in a request's history. */
export interface Actor {
  /** An Entra object ID (the broker itself excepted). */
  id: string;
  name?: string;
}

export const actorOf = (caller: Caller): Actor =>
  caller.name ? { id: caller.id, name: caller.name } : { id: caller.id };

export const sameActor = (a: Actor, b: Actor): boolean => a.id.toLowerCase() === b.id.toLowerCase();

/** The broker itself, for the steps it takes on its own. */
export const BROKER_ACTOR: Actor = { id: 'identity-broker' };
