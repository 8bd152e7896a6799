import type { Caller } from '../../src/core/caller.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import type { Operation } from '../../src/core/operation.js';
import { type AdvanceOutcome, advanceRequest } from '../../src/core/useCases/advanceRequest.js';
import { approveRequest } from '../../src/core/useCases/approveRequest.js';
import { submitRequest } from '../../src/core/useCases/submitRequest.js';
import { AA } from './ids.js';
import { APPROVER, REQUESTER, type World, draftOf } from './world.js';

/** Submits over "HTTP" as `requester` and returns the stored request; a refusal fails the test. */
export async function submitted(
  w: World,
  operations: Operation[],
  options: { target?: string; requester?: Caller } = {},
): Promise<IdentityRequest> {
  const requester = options.requester ?? REQUESTER;
  const result = await submitRequest(
    {
      draft: draftOf(operations, options.target ?? AA),
      requester: { id: requester.id, ...(requester.name ? { name: requester.name } : {}) },
      source: 'http',
    },
    w,
  );
  if (!result.ok) throw new Error(`submission refused: ${JSON.stringify(result.error)}`);
  return result.value.request;
}

/** Submits and approves: the request is then `approved`, waiting for the executor. */
export async function approved(
  w: World,
  operations: Operation[],
  options: { target?: string } = {},
): Promise<IdentityRequest> {
  const request = await submitted(w, operations, options);
  const result = await approveRequest({ id: request.id, caller: APPROVER }, w);
  if (!result.ok) throw new Error(`approval refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

export const advance = (w: World, id: string): Promise<AdvanceOutcome> => advanceRequest(id, w);

/**
 * Delivers the executor's nudges until it stops nudging, moving the clock to each scheduled one as the
 * operations queue would (the first too, if the request is waiting). Returns every outcome in order.
 */
export async function runUntilSettled(w: World, id: string, maxNudges = 40): Promise<AdvanceOutcome[]> {
  const outcomes: AdvanceOutcome[] = [];
  for (let i = 0; i < maxNudges; i++) {
    // A scheduled nudge arrives no earlier than the time the request waits for.
    const notBefore = (await w.store.get(id))?.request.notBefore;
    if (notBefore) w.clock.advanceTo(notBefore);
    const outcome = await advance(w, id);
    outcomes.push(outcome);
    if (outcome.action !== 'committed' || outcome.next === undefined) return outcomes;
  }
  throw new Error(`request ${id} still moving after ${maxNudges} nudges`);
}

export async function stateOf(w: World, id: string): Promise<IdentityRequest> {
  const stored = await w.store.get(id);
  if (!stored) throw new Error(`no request ${id}`);
  return stored.request;
}

export const historyTypes = async (w: World, id: string): Promise<string[]> =>
  (await w.store.history(id)).map((e) => e.type);
