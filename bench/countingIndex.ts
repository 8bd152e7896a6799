import type { ActiveWorkIndex } from '../src/core/activeWork/activeWorkIndex.js';
import type { TableCounts } from './countingStore.js';

/** Counts the round trips the broker makes to the index of active work: each write, removal and page. */
export function countingIndex(index: ActiveWorkIndex, counts: TableCounts): ActiveWorkIndex {
  return {
    put: (entry) => (counts.writes++, index.put(entry)),
    remove: (entry) => (counts.writes++, index.remove(entry)),
    dueBy: (kind, until, page) => (counts.reads++, index.dueBy(kind, until, page)),
    pending: (page) => (counts.reads++, index.pending(page)),
  };
}
