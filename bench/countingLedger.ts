import type { GrantLedger } from '../src/core/grantLedger.js';
import type { TableCounts } from './countingStore.js';

/** Counts the table round trips the broker makes through its grant ledger. */
export function countingLedger(ledger: GrantLedger, counts: TableCounts): GrantLedger {
  return {
    get: (key) => (counts.reads++, ledger.get(key)),
    put: (previous, next) => (counts.writes++, ledger.put(previous, next)),
    list: () => ledger.list(),
  };
}
