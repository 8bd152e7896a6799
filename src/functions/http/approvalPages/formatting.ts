import type { Actor } from '../../../core/caller.js';
import type { Operation } from '../../../core/operation.js';
import type { RequestState } from '../../../core/requestState.js';
import { type Html, html } from './html.js';

/** The last segment of a resource ID (`kv-prod`), for reading; the full ID is always shown next to it. */
export const shortName = (resourceId: string): string =>
  resourceId.replace(/\/+$/, '').split('/').at(-1) || resourceId;

/** A resource by its name, with its full ID beneath for whoever must be sure which one it is. */
export const resource = (resourceId: string): Html =>
  html`<strong>${shortName(resourceId)}</strong><br /><span class="id">${resourceId}</span>`;

/** What kind of scope an ID names, in words: `subscription`, `resource group`, `management group` or none. */
function scopeKind(scope: string): string {
  const segments = scope.replace(/\/+$/, '').split('/').filter(Boolean);
  if (segments.length === 2 && segments[0]?.toLowerCase() === 'subscriptions') return 'subscription ';
  if (segments.length === 4 && segments[2]?.toLowerCase() === 'resourcegroups') return 'resource group ';
  return /\/managementGroups\/[^/]+$/i.test(scope) ? 'management group ' : '';
}

/** A scope in a sentence: `subscription a05f…`, `resource group rg-data`, `kv-prod`. */
export const scopeLabel = (scope: string): string => `${scopeKind(scope)}${shortName(scope)}`;

/** A role's scope by its kind and name, with its full ID beneath. */
export const scopeOf = (scope: string): Html =>
  html`${scopeKind(scope)}<strong>${shortName(scope)}</strong><br /><span class="id">${scope}</span>`;

/** A point in time as people read it, in UTC, with the machine-readable value. */
export const timeOf = (iso: string): Html =>
  html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>`;

/** How long ago, roughly: "4 min", "3 h 5 min", "2 days". */
export function ageOf(fromIso: string, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(fromIso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

/** A person or service by the name Easy Auth gave, and always the object ID that is what counts. */
export const actor = (who: Actor): Html =>
  who.name ? html`${who.name} <span class="id">(${who.id})</span>` : html`<span class="id">${who.id}</span>`;

const STATE_LABELS: Record<RequestState, string> = {
  awaitingApproval: 'Awaiting approval',
  approved: 'Approved',
  applying: 'Applying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  denied: 'Denied by policy',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  expired: 'Expired',
  revoked: 'Revoked',
};

export const stateBadge = (state: RequestState): Html =>
  html`<span class="badge ${state}">${STATE_LABELS[state]}</span>`;

const principalLabel = (principal: string): string =>
  principal === 'systemAssigned'
    ? 'its system-assigned identity'
    : `user-assigned identity ${shortName(principal)}`;

/** How long a grant lasts, as asked. */
export const grantEnd = (op: Operation): string => {
  if (op.kind !== 'assignRole') return '';
  if (op.expiresAt) return `until ${op.expiresAt}`;
  if (op.duration) return `for ${op.duration} from when it is granted`;
  return 'permanent (no end)';
};

/** One operation in a sentence. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case 'enableSystemAssignedIdentity':
      return 'Turn on the system-assigned identity';
    case 'disableSystemAssignedIdentity':
      return 'Turn off the system-assigned identity';
    case 'attachUserAssignedIdentity':
      return `Attach user-assigned identity ${shortName(op.identity)}`;
    case 'detachUserAssignedIdentity':
      return `Detach user-assigned identity ${shortName(op.identity)}`;
    case 'assignRole':
      return `Grant ${op.role} on ${scopeLabel(op.scope)} to ${principalLabel(op.principal)}, ${grantEnd(op)}`;
    case 'removeRoleAssignment':
      return `Remove ${op.role} on ${scopeLabel(op.scope)} from ${principalLabel(op.principal)}`;
  }
}
