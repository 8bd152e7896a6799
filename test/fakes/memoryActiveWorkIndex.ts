import type {
  ActiveWorkIndex,
  StoredWorkEntry,
  WorkEntry,
  WorkKind,
  WorkPage,
} from '../../src/core/activeWork/activeWorkIndex.js';
import { afterKey, dueByBound, workRowKey, workToken } from '../../src/core/activeWork/workOrder.js';

/**
 * The table index's contract in memory: one ordered map per kind, keyed as the table keys its rows; a
 * write gives a new ETag, so a remove fenced on an older one leaves the entry. Counts every call, as
 * table transactions, for tests that compare costs.
 */
export class MemoryActiveWorkIndex implements ActiveWorkIndex {
  private readonly kinds = new Map<WorkKind, Map<string, StoredWorkEntry>>();
  private etags = 0;
  /** Round trips, as the table index would make them: a write, a removal, a page read. */
  readonly calls = { writes: 0, reads: 0 };

  private kind(kind: WorkKind): Map<string, StoredWorkEntry> {
    let rows = this.kinds.get(kind);
    if (!rows) this.kinds.set(kind, (rows = new Map()));
    return rows;
  }

  async put(entry: WorkEntry): Promise<void> {
    this.calls.writes++;
    this.kind(entry.kind).set(workRowKey(entry), { ...entry, etag: `W/"${++this.etags}"` });
  }

  async remove(entry: StoredWorkEntry): Promise<void> {
    this.calls.writes++;
    const rows = this.kind(entry.kind);
    if (rows.get(workRowKey(entry))?.etag === entry.etag) rows.delete(workRowKey(entry));
  }

  private page(
    kind: WorkKind,
    keep: (key: string, e: StoredWorkEntry) => boolean,
    limit: number,
    token?: string,
  ): WorkPage {
    this.calls.reads++;
    const after = afterKey(kind, token) ?? '';
    const rows = [...this.kind(kind).entries()]
      .filter(([key, e]) => key > after && keep(key, e))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const items = rows.slice(0, limit).map(([, e]) => ({ ...e }));
    const last = items.at(-1);
    return rows.length > limit && last
      ? { items, continuationToken: workToken(kind, workRowKey(last)) }
      : { items };
  }

  async dueBy(
    kind: WorkKind,
    until: string,
    page: { limit: number; continuationToken?: string },
  ): Promise<WorkPage> {
    const bound = dueByBound(until);
    return this.page(
      kind,
      (key, e) => (kind === 'pending' ? e.at <= until : key < bound),
      page.limit,
      page.continuationToken,
    );
  }

  async pending(page: { limit: number; continuationToken?: string }): Promise<WorkPage> {
    return this.page('pending', () => true, page.limit, page.continuationToken);
  }

  /** Every entry of a kind, in index order: for assertions. */
  entries(kind: WorkKind): WorkEntry[] {
    return [...this.kind(kind).entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, { kind: k, requestId, at }]) => ({ kind: k, requestId, at }));
  }
}
