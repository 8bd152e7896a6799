import type { RequestStore } from '../src/core/ports.js';

export interface TableCounts {
  /** Entity-group transactions and single-entity writes. */
  writes: number;
  /** Point reads and queries (each page a round trip). */
  reads: number;
}

/** Counts the table round trips the broker makes through its store. */
export function countingStore(store: RequestStore, counts: TableCounts): RequestStore {
  const read =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A) => {
      counts.reads++;
      return f(...args);
    };
  const write =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A) => {
      counts.writes++;
      return f(...args);
    };
  return {
    create: write(store.create.bind(store)),
    commit: write(store.commit.bind(store)),
    claimIdempotencyKey: write(store.claimIdempotencyKey.bind(store)),
    get: read(store.get.bind(store)),
    history: read(store.history.bind(store)),
    list: read(store.list.bind(store)),
    findIdempotencyKey: read(store.findIdempotencyKey.bind(store)),
    markPublished: write(store.markPublished.bind(store)),
    listUnpublished: read(store.listUnpublished.bind(store)),
  };
}
