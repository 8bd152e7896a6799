/**
 * The grant ledger: for every role assignment the broker created or relies on, who holds it.
 *
 * Invariant (docs/storage.md, "The grant ledger"): an assignment the broker's PUT created (named by its
 * deterministic UUID) is deleted only when its last live holder ends; one that existed outside the broker
 * (under another name) is never deleted by a grant ending. A holder is registered *before* the PUT that
 * makes or confirms the assignment, and a removal first marks the entry `removing` (fenced on its ETag),
 * so a holder and a remover on different targets, whose sessions do not serialise them, cannot both win.
 */

/** One request's claim on an assignment: until when, or permanently. */
export interface GrantHolder {
  requestId: string;
  /** The operation of that request that asked for the grant. */
  operation: number;
  /** Absent: permanently. */
  until?: string;
  since: string;
}

/** Where an assignment came from, which decides whether the broker may ever remove it. */
export type GrantOrigin = 'broker' | 'external';

export interface GrantEntry {
  /** The broker's deterministic assignment name for (scope, principal, role): one entry per triple. */
  key: string;
  scope: string;
  principalId: string;
  roleDefinitionId: string;
  /** The assignment in Azure: the broker-named one, or the external one it relies on. */
  assignmentId: string;
  origin: GrantOrigin;
  status: 'active' | 'removing' | 'removed';
  /** The request removing it (or, once `removed`, that removed it): only that one finishes the removal, and joiners wait until it has. */
  removingBy?: string;
  /** Holders an approved removal ends: kept until it finishes, so each is told even after a crash. */
  ending?: GrantHolder[];
  holders: GrantHolder[];
  updatedAt: string;
}

export interface StoredGrant {
  entry: GrantEntry;
  etag: string;
}

/** Durable ledger entries, each changed only with its ETag. */
export interface GrantLedger {
  get(key: string): Promise<StoredGrant | undefined>;
  /** Creates the entry when `previous` is undefined (`conflict` if it exists), else replaces it If-Match. */
  put(previous: StoredGrant | undefined, next: GrantEntry): Promise<'saved' | 'conflict'>;
  /** Every entry, for audits and the ledger check: a scan, never on a request's path. */
  list(): AsyncIterable<GrantEntry>;
}

/**
 * Retention's side of the ledger, apart from `GrantLedger`, which the request path uses: removes an entry no
 * request holds any more (`forgetEndedGrant` decides which).
 */
export interface GrantLedgerPruner {
  /** Deletes the entry as read, If-Match its ETag: `conflict` when it has changed (or gone) since. */
  remove(stored: StoredGrant): Promise<'removed' | 'conflict'>;
}

/** The assignment a grant names, as the broker keys it. */
export interface GrantSubject {
  key: string;
  scope: string;
  principalId: string;
  roleDefinitionId: string;
  /** The broker-named assignment's ID: what the broker's PUT creates and its removal deletes. */
  ownAssignmentId: string;
}

/** A holder still counts while its grant has not ended; whether its request still holds it is asked separately. */
export const isUnexpired = (holder: GrantHolder, now: Date): boolean =>
  holder.until === undefined || Date.parse(holder.until) > now.getTime();

export const sameHolder = (a: Pick<GrantHolder, 'requestId' | 'operation'>, b: typeof a): boolean =>
  a.requestId === b.requestId && a.operation === b.operation;

/** How a holder reads in a plan or a result. */
export const describeHolder = (h: GrantHolder): string =>
  `request ${h.requestId} ${h.until ? `until ${h.until}` : 'permanently'}`;
