import { ArmError } from '../../../src/core/armError.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import type { Operation } from '../../../src/core/operation.js';
import { advance, approved } from '../../fakes/drive.js';
import { AA, KV, UA1, UA2 } from '../../fakes/ids.js';
import { type World, world } from '../../fakes/world.js';

/** What the executor tests share: ARM's refusals, a world with two identities, and a way to a step. */
export const grant = (principal: string, role = 'Key Vault Secrets User'): Operation => ({
  kind: 'assignRole',
  principal,
  role,
  scope: KV,
});
export const attachUa2: Operation = { kind: 'attachUserAssignedIdentity', identity: UA2 };

export const unavailable = () =>
  new ArmError(503, 'ServiceUnavailable', 'The service is unavailable', 'transient');
export const tooManyRequests = (retryAfterMs?: number) =>
  new ArmError(429, 'TooManyRequests', 'Too many requests', 'transient', retryAfterMs);
export const principalNotFound = () =>
  new ArmError(
    400,
    'PrincipalNotFound',
    'Principal 5a5a does not exist in the directory',
    'replicationDelay',
  );

/** The executor's world with UA1 and UA2, and the Automation account holding UA1. */
export function executorWorld(): World {
  const w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addUserAssignedIdentity(UA2);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
  return w;
}

/**
 * Approves `operations` and runs the executor up to, not into, the step that grants (the plan's last).
 * The first nudge starts applying *and* runs step 0, so a one-step plan is left `approved`.
 */
export async function atGrantStep(w: World, operations: Operation[]): Promise<IdentityRequest> {
  const request = await approved(w, operations);
  for (let step = 0; step < request.plan.steps.length - 1; step++) await advance(w, request.id);
  return request;
}

/** Seconds between each scheduled retry's event and the time it waits for. */
export const retryDelaysOf = async (w: World, id: string): Promise<number[]> =>
  (await w.store.history(id))
    .filter((e) => e.type === 'stepRetryScheduled')
    .map((e) => (Date.parse((e.data as { notBefore: string }).notBefore) - Date.parse(e.at)) / 1000);
