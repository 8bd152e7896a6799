import type { GrantEntry, GrantLedger, GrantLedgerPruner, StoredGrant } from '../../src/core/grantLedger.js';

/** The table ledger's contract in memory: create conflicts when the entry exists, replace and remove need its ETag. */
export class MemoryGrantLedger implements GrantLedger, GrantLedgerPruner {
  private readonly entries = new Map<string, StoredGrant>();
  private etags = 0;
  /** Every write that went through, in order. */
  readonly writes: string[] = [];
  /** Runs once, just before the next put is checked: a seam to let a concurrent writer in. */
  beforeNextPut: (() => Promise<void>) | undefined;

  async get(key: string): Promise<StoredGrant | undefined> {
    const found = this.entries.get(key);
    return found ? structuredClone(found) : undefined;
  }

  async put(previous: StoredGrant | undefined, next: GrantEntry): Promise<'saved' | 'conflict'> {
    const hook = this.beforeNextPut;
    this.beforeNextPut = undefined;
    await hook?.();
    const current = this.entries.get(next.key);
    if (previous ? current?.etag !== previous.etag : current !== undefined) return 'conflict';
    this.entries.set(next.key, { entry: structuredClone(next), etag: `W/"${++this.etags}"` });
    this.writes.push(next.key);
    return 'saved';
  }

  async remove(stored: StoredGrant): Promise<'removed' | 'conflict'> {
    if (this.entries.get(stored.entry.key)?.etag !== stored.etag) return 'conflict';
    this.entries.delete(stored.entry.key);
    this.writes.push(stored.entry.key);
    return 'removed';
  }

  async *list(): AsyncIterable<GrantEntry> {
    for (const { entry } of this.entries.values()) yield structuredClone(entry);
  }
}
