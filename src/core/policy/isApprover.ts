import type { Caller } from '../caller.js';
import { parseApproverEntry } from './approverEntry.js';

const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * Approvers are named by object ID (matched against the caller's ID), as `role:<app role>` (the `roles`
 * claim) or as `group:<group object ID>` (the `groups` claim). Each entry is matched only against its own
 * kind, and a name is never matched: display names and UPNs can be changed by their owners.
 */
export function isApprover(caller: Caller, approvers: readonly string[]): boolean {
  return approvers.some((text) => {
    const entry = parseApproverEntry(text);
    if (!entry.ok) return false; // the policy loader refuses these; never guess what they meant
    const approver = entry.value;
    switch (approver.kind) {
      case 'objectId':
        return sameId(caller.id, approver.id);
      case 'role':
        return caller.roles.includes(approver.role);
      case 'group':
        return caller.groups.some((group) => sameId(group, approver.id));
    }
  });
}
