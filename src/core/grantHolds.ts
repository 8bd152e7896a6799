import {
  type GrantEntry,
  type GrantHolder,
  type GrantLedger,
  type GrantLedgerPruner,
  type GrantOrigin,
  type GrantSubject,
  type StoredGrant,
  isUnexpired,
  sameHolder,
} from './grantLedger.js';
import type { GrantParties } from './grantParties.js';
import { roleAssignmentName } from './roleAssignmentName.js';
import { roleAssignmentPath } from './roleAssignmentPath.js';

// Writers of one entry are few (the requests sharing one grant); a longer fight is a bug, not load.
const MAX_TRIES = 8;

/** The ledger's key and the broker-named assignment for a grant of `roleDefinitionId` to `principalId` at `scope`. */
export function grantSubject(scope: string, principalId: string, roleDefinitionId: string): GrantSubject {
  const key = roleAssignmentName(scope, principalId, roleDefinitionId);
  return { key, scope, principalId, roleDefinitionId, ownAssignmentId: roleAssignmentPath(scope, key) };
}

/** Read-modify-write of one entry, retried on its ETag until it goes through. */
async function update<T>(
  ledger: GrantLedger,
  key: string,
  change: (current: StoredGrant | undefined) => Promise<{ next?: GrantEntry; result: T }>,
): Promise<T> {
  for (let i = 0; i < MAX_TRIES; i++) {
    const current = await ledger.get(key);
    const { next, result } = await change(current);
    if (!next || (await ledger.put(current, next)) === 'saved') return result;
  }
  throw new Error(`the grant ledger entry ${key} kept changing under ${MAX_TRIES} attempts`);
}

const fresh = (subject: GrantSubject, now: Date): GrantEntry => ({
  key: subject.key,
  scope: subject.scope,
  principalId: subject.principalId,
  roleDefinitionId: subject.roleDefinitionId,
  assignmentId: subject.ownAssignmentId,
  origin: 'broker',
  status: 'active',
  holders: [],
  updatedAt: now.toISOString(),
});

/**
 * Registers `holder` on the grant before the PUT that makes or confirms it (once: a retry keeps it). `beingRemoved` while another
 * request is deleting the assignment: the caller waits and tries again, so its PUT never races that DELETE.
 */
export type Hold =
  /** `holder` as registered: a retry's first attempt decided its `until`. */
  | { held: true; holder: GrantHolder; others: GrantHolder[]; entry: GrantEntry }
  | { held: false; removingBy: string };

export function holdGrant(
  ledger: GrantLedger,
  subject: GrantSubject,
  holder: GrantHolder,
  parties: GrantParties,
  now: Date,
): Promise<Hold> {
  return update<Hold>(ledger, subject.key, async (current) => {
    const entry = current?.entry;
    const removing = entry?.status === 'removing' && entry.removingBy !== holder.requestId;
    // A removal whose request will never finish it (it failed in between) is abandoned: take the entry over.
    if (removing && (await parties.removerActive(entry.removingBy ?? '')))
      return { result: { held: false, removingBy: entry.removingBy ?? '?' } };
    const base = entry && entry.status === 'active' ? entry : fresh(subject, now);
    const others = base.holders.filter((h) => !sameHolder(h, holder));
    const live = others.filter((h) => isUnexpired(h, now));
    // A retry (replication delay, throttling) keeps the hold its first attempt registered: no second write.
    const already = entry?.status === 'active' ? entry.holders.find((h) => sameHolder(h, holder)) : undefined;
    if (already) return { result: { held: true, holder: already, others: live, entry: base } };
    const next: GrantEntry = { ...base, holders: [...others, holder], updatedAt: now.toISOString() };
    delete next.removingBy;
    delete next.ending;
    return { next, result: { held: true, holder, others: live, entry: next } };
  });
}

/** Records where the assignment the holder relies on came from, when it is not the broker-named one. */
export function settleGrant(
  ledger: GrantLedger,
  key: string,
  found: { origin: GrantOrigin; assignmentId: string },
  now: Date,
): Promise<void> {
  return update(ledger, key, async (current) => {
    const entry = current?.entry;
    if (!entry || entry.status !== 'active') return { result: undefined };
    if (entry.origin === found.origin && entry.assignmentId === found.assignmentId)
      return { result: undefined };
    return { next: { ...entry, ...found, updatedAt: now.toISOString() }, result: undefined };
  });
}

export type Release =
  /** No live holder is left and the broker made it: delete `assignmentId`, then `finishRemoval`. */
  | { decision: 'remove'; assignmentId: string }
  /** Others still hold it: it stays. */
  | { decision: 'keep'; keptBy: GrantHolder[] }
  /** It existed outside the broker: it stays whoever held it. */
  | { decision: 'leave'; assignmentId: string }
  /** This request's own removal already finished (its record was lost to a crash): nothing left to do. */
  | { decision: 'removed'; assignmentId: string }
  /** Already removed, or being removed by another request. */
  | { decision: 'gone' };

/** Ends `holder`'s claim. Holders whose grant ended, or whose request no longer holds it, are dropped too. */
export function releaseGrant(
  ledger: GrantLedger,
  key: string,
  holder: Pick<GrantHolder, 'requestId' | 'operation'>,
  parties: GrantParties,
  now: Date,
): Promise<Release> {
  return update<Release>(ledger, key, async (current) => {
    const entry = current?.entry;
    if (entry?.status === 'removed' && entry.removingBy === holder.requestId)
      return { result: { decision: 'removed', assignmentId: entry.assignmentId } };
    if (!entry || entry.status === 'removed') return { result: { decision: 'gone' } };
    if (entry.status === 'removing')
      return entry.removingBy === holder.requestId
        ? { result: { decision: 'remove', assignmentId: entry.assignmentId } } // resuming its own removal
        : { result: { decision: 'gone' } };
    const live: GrantHolder[] = [];
    for (const h of entry.holders)
      if (!sameHolder(h, holder) && isUnexpired(h, now) && (await parties.standing(h)) !== 'stale')
        live.push(h);
    const at = now.toISOString();
    if (live.length > 0)
      return { next: { ...entry, holders: live, updatedAt: at }, result: { decision: 'keep', keptBy: live } };
    if (entry.origin === 'external')
      return {
        next: { ...entry, holders: [], status: 'removed', updatedAt: at },
        result: { decision: 'leave', assignmentId: entry.assignmentId },
      };
    return {
      next: { ...entry, holders: [], status: 'removing', removingBy: holder.requestId, updatedAt: at },
      result: { decision: 'remove', assignmentId: entry.assignmentId },
    };
  });
}

/**
 * An approved `removeRoleAssignment`: every holder's claim ends with it (`ending`, kept until the removal is
 * finished so a retry still tells them). It waits while another request removes the same assignment, or while
 * a holder's request is still being carried out (its grant's record could otherwise outlive the assignment).
 */
export type RemovalStart =
  | { ready: true; ending: GrantHolder[] }
  | { ready: false; waitingFor: string; reason: 'removing' | 'granting' };

export function beginRemoval(
  ledger: GrantLedger,
  subject: GrantSubject,
  requestId: string,
  parties: GrantParties,
  now: Date,
): Promise<RemovalStart> {
  return update<RemovalStart>(ledger, subject.key, async (current) => {
    const entry = current?.entry;
    if (entry?.status === 'removing' && entry.removingBy === requestId)
      return { result: { ready: true, ending: entry.ending ?? [] } }; // resuming its own removal
    if (entry?.status === 'removing' && (await parties.removerActive(entry.removingBy ?? '')))
      return { result: { ready: false, waitingFor: entry.removingBy ?? '?', reason: 'removing' } };
    const ending: GrantHolder[] = [];
    for (const h of entry?.status === 'active' ? entry.holders : []) {
      if (h.requestId === requestId) continue;
      const standing = await parties.standing(h);
      if (standing === 'busy')
        return { result: { ready: false, waitingFor: h.requestId, reason: 'granting' } };
      if (standing === 'holding') ending.push(h);
    }
    const next: GrantEntry = {
      ...(entry ?? fresh(subject, now)),
      holders: [],
      status: 'removing',
      removingBy: requestId,
      ending,
      updatedAt: now.toISOString(),
    };
    return { next, result: { ready: true, ending } };
  });
}

/**
 * After the DELETE: the entry is `removed`, and new holders may create the assignment again. `removingBy` stays,
 * naming the request that removed it, so that request's retry after a crash records its own removal as such.
 */
export function finishRemoval(ledger: GrantLedger, key: string, requestId: string, now: Date): Promise<void> {
  return update(ledger, key, async (current) => {
    const entry = current?.entry;
    if (!entry || entry.status !== 'removing' || entry.removingBy !== requestId) return { result: undefined };
    const next: GrantEntry = { ...entry, status: 'removed', holders: [], updatedAt: now.toISOString() };
    delete next.ending;
    return { next, result: undefined };
  });
}

/**
 * Retention: removes the entry of a grant that has ended for good, `removed` with no holder and no removal
 * left to tell, once the request that removed it (if any) will not retry. An entry a request holds, or may
 * yet hold, is `active` or `removing` and is never removed; a holder that joins meanwhile moves the ETag, and
 * the entry stays. A holder that meets no entry afterwards starts a fresh one, as it would after `removed`.
 */
export async function forgetEndedGrant(
  deps: { ledger: GrantLedger; pruner: GrantLedgerPruner; parties: GrantParties },
  key: string,
): Promise<boolean> {
  const current = await deps.ledger.get(key);
  const entry = current?.entry;
  if (!current || !entry || entry.status !== 'removed' || entry.holders.length > 0 || entry.ending?.length)
    return false;
  // Its remover's retry reads `removed` and its own name there to record the removal as its own.
  if (entry.removingBy && (await deps.parties.removerActive(entry.removingBy))) return false;
  return (await deps.pruner.remove(current)) === 'removed';
}
