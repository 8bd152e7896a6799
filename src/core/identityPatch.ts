import type { IdentityOperation } from './operation.js';
import {
  type IdentityPatchBody,
  type TargetIdentity,
  hasSystemAssigned,
  identityTypeOf,
} from './identity.js';
import { resourceIdKey } from './resourceId.js';

export type IdentityChange =
  { change: 'none'; reason: string } | { change: 'patch'; body: IdentityPatchBody; summary: string[] };

/**
 * Computes the one PATCH that applies `operations` to `current` without touching anything else.
 * ARM replaces `identity.type` wholesale, so the body always states the full desired type, keeps every
 * other user-assigned identity as `{}`, and removes one by sending it as `null`.
 */
export function computeIdentityChange(
  current: TargetIdentity,
  operations: readonly IdentityOperation[],
): IdentityChange {
  let system = hasSystemAssigned(current);
  const userAssigned = new Map(current.userAssigned.map((u) => [resourceIdKey(u.id), u.id]));
  const removed = new Map<string, string>();
  const summary: string[] = [];

  for (const op of operations) {
    switch (op.kind) {
      case 'enableSystemAssignedIdentity':
        if (!system) summary.push('enable the system-assigned identity');
        system = true;
        break;
      case 'disableSystemAssignedIdentity':
        if (system) summary.push('disable the system-assigned identity');
        system = false;
        break;
      case 'attachUserAssignedIdentity': {
        const key = resourceIdKey(op.identity);
        if (!userAssigned.has(key)) summary.push(`attach ${op.identity}`);
        userAssigned.set(key, userAssigned.get(key) ?? op.identity);
        removed.delete(key);
        break;
      }
      case 'detachUserAssignedIdentity': {
        const key = resourceIdKey(op.identity);
        const existing = userAssigned.get(key);
        if (existing !== undefined) {
          summary.push(`detach ${existing}`);
          removed.set(key, existing);
        }
        userAssigned.delete(key);
        break;
      }
    }
  }

  if (summary.length === 0) return { change: 'none', reason: 'the identity is already as requested' };
  const type = identityTypeOf(system, userAssigned.size > 0);
  if (userAssigned.size === 0) return { change: 'patch', body: { identity: { type } }, summary };
  const map: Record<string, Record<string, never> | null> = {};
  for (const id of userAssigned.values()) map[id] = {};
  for (const id of removed.values()) map[id] = null;
  return { change: 'patch', body: { identity: { type, userAssignedIdentities: map } }, summary };
}
