import type { ActiveWorkIndex } from '../activeWork/activeWorkIndex.js';
import { isFinished, type SweepTiming } from '../activeWork/lookAt.js';
import type { RequestPruner } from '../activeWork/prunePort.js';
import { forgetEndedGrant } from '../grantHolds.js';
import { grantKeysOf } from '../grantKeys.js';
import type { GrantLedger, GrantLedgerPruner } from '../grantLedger.js';
import { grantPartiesFrom } from '../grantParties.js';
import type { RequestStore } from '../ports.js';
import { entriesDue } from '../activeWork/entriesDue.js';

/** The grant ledger, where retention also removes the entries of grants that ended for good. */
export interface LedgerRetention {
  ledger: GrantLedger;
  pruner: GrantLedgerPruner;
}

/**
 * Retention: removes the requests that finished before `cutoff`, found through the `finished` entries, so
 * a pass reads only what it removes. A request that has work again, or still accounts for a grant in the
 * ledger, is never pruned: its entry is dropped, and the request gets a new one when it finishes again.
 * Before a request goes, so does each ledger entry of its grants that no request holds any more (a crash in
 * between finds the request again, and its entries with it); an entry that is still held stays, to go with
 * the last request that held it.
 */
export async function pruneFinished(
  deps: {
    store: RequestStore;
    activeWork: ActiveWorkIndex;
    pruner: RequestPruner;
    timing: SweepTiming;
    grants?: LedgerRetention;
  },
  cutoff: Date,
  pageSize: number,
): Promise<number> {
  let pruned = 0;
  // Strictly older than the cutoff: `dueBy` includes its bound.
  const before = new Date(cutoff.getTime() - 1).toISOString();
  const parties = grantPartiesFrom(deps.store);
  for await (const entry of entriesDue(deps.activeWork, 'finished', before, pageSize)) {
    const stored = await deps.store.get(entry.requestId);
    if (stored && isFinished(stored.request, stored.unpublished ?? [], deps.timing)) {
      if (deps.grants)
        for (const key of grantKeysOf(stored.request))
          await forgetEndedGrant({ ...deps.grants, parties }, key);
      await deps.pruner.prune(entry.requestId);
      pruned++;
    }
    await deps.activeWork.remove(entry); // last: a crash before it prunes again, which finds nothing
  }
  return pruned;
}
