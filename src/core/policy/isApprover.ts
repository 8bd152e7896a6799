import type { Caller } from '../caller.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Approvers are named by object ID (a GUID, matched against the caller's ID), by user principal name
 * (matched against the name claim) or as `role:<app role>` (matched against the caller's roles). Each
 * entry is matched only against its own kind, so a display name can never pass for an object ID.
 */
export function isApprover(caller: Caller, approvers: readonly string[]): boolean {
  return approvers.some((entry) => {
    if (entry.startsWith('role:')) return caller.roles.includes(entry.slice('role:'.length));
    if (GUID.test(entry)) return caller.id.toLowerCase() === entry.toLowerCase();
    return caller.name?.toLowerCase() === entry.toLowerCase();
  });
}
