/**
 * The index of active work (docs/storage.md, "Table `ActiveWork`"): what the sweeper and the pending list
 * read instead of every request ever made. Three kinds of entry, each read by a partition query:
 * - `pending`: one per request awaiting approval, listed newest first (by request ID);
 * - `due`: "look at this request by `at`": lost nudges, retries, grants ending, unsent events;
 * - `finished`: a request with nothing left to do, by when it finished: what retention prunes.
 */
export type WorkKind = 'pending' | 'due' | 'finished';

export interface WorkEntry {
  kind: WorkKind;
  requestId: string;
  /** ISO time: when to look (`pending`, `due`), or when the request finished (`finished`). */
  at: string;
}

export interface StoredWorkEntry extends WorkEntry {
  /** The fence for removing exactly this entry: one written again since is left alone. */
  etag: string;
}

export interface WorkPage {
  items: StoredWorkEntry[];
  continuationToken?: string;
}

export interface ActiveWorkIndex {
  /** Writes an entry; writing it again is success (a `pending` entry takes the new `at`). */
  put(entry: WorkEntry): Promise<void>;
  /** Removes the entry as it was read; one written again since, or already gone, is left as it is. */
  remove(entry: StoredWorkEntry): Promise<void>;
  /** Entries of `kind` whose `at` is at or before `until`, oldest first (`pending`: in request ID order). */
  dueBy(
    kind: WorkKind,
    until: string,
    page: { limit: number; continuationToken?: string },
  ): Promise<WorkPage>;
  /** `pending` entries, newest request first: the approval list. Tokens are the index's own. */
  pending(page: { limit: number; continuationToken?: string }): Promise<WorkPage>;
}
