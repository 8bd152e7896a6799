import type { ActiveWorkIndex } from '../activeWork/activeWorkIndex.js';
import { isFinished, type SweepTiming } from '../activeWork/lookAt.js';
import type { RequestPruner } from '../activeWork/prunePort.js';
import type { RequestStore } from '../ports.js';
import { entriesDue } from '../activeWork/entriesDue.js';

/**
 * Retention: removes the requests that finished before `cutoff`, found through the `finished` entries, so
 * a pass reads only what it removes. A request that has work again, or still accounts for a grant in the
 * ledger, is never pruned: its entry is dropped, and the request gets a new one when it finishes again.
 */
export async function pruneFinished(
  deps: { store: RequestStore; activeWork: ActiveWorkIndex; pruner: RequestPruner; timing: SweepTiming },
  cutoff: Date,
  pageSize: number,
): Promise<number> {
  let pruned = 0;
  // Strictly older than the cutoff: `dueBy` includes its bound.
  const before = new Date(cutoff.getTime() - 1).toISOString();
  for await (const entry of entriesDue(deps.activeWork, 'finished', before, pageSize)) {
    const stored = await deps.store.get(entry.requestId);
    if (stored && isFinished(stored.request, stored.unpublished ?? [], deps.timing)) {
      await deps.pruner.prune(entry.requestId);
      pruned++;
    }
    await deps.activeWork.remove(entry); // last: a crash before it prunes again, which finds nothing
  }
  return pruned;
}
