/** An authenticated caller, as Easy Auth (or a queue message's `requestedBy`) names it. */
export interface Caller {
  /** Entra object ID for people and apps; the sending service's name for queue submissions. */
  id: string;
  name?: string;
  /** App roles from the principal's claims. */
  roles: string[];
}

/** Who did something, as kept in a request's history. */
export interface Actor {
  id: string;
  name?: string;
}

export const actorOf = (caller: Caller): Actor =>
  caller.name ? { id: caller.id, name: caller.name } : { id: caller.id };

export const sameActor = (a: Actor, b: Actor): boolean => a.id.toLowerCase() === b.id.toLowerCase();

/** The broker itself, for the steps it takes on its own. */
export const BROKER_ACTOR: Actor = { id: 'identity-broker' };
