import type { Caller } from '../caller.js';

/** Approvers are named by object ID, by user principal name, or as `role:<app role>` from the caller's claims. */
export function isApprover(caller: Caller, approvers: readonly string[]): boolean {
  return approvers.some((entry) => {
    if (entry.startsWith('role:')) return caller.roles.includes(entry.slice('role:'.length));
    const wanted = entry.toLowerCase();
    return caller.id.toLowerCase() === wanted || caller.name?.toLowerCase() === wanted;
  });
}
