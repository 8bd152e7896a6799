import type { ActiveWorkIndex, StoredWorkEntry } from './activeWorkIndex.js';
import { finishedAt, isFinished, lookAt, type SweepTiming } from './lookAt.js';
import type { RequestWithOutbox } from './coverEntry.js';

export type Rehomed = 'kept' | 'moved' | 'finished' | 'dropped';

/**
 * Repairs the entry a reader met, from the request as it has just read it: the new cover is written
 * before the old entry is removed (fenced on its ETag), so a crash between the two leaves one entry too
 * many, never none. `lookAtMs` overrides when to look next (after a nudge: a while later, in case it is
 * lost too). A request waiting for approval keeps its one `pending` entry, which the approval list reads.
 */
export async function rehome(
  index: ActiveWorkIndex,
  entry: StoredWorkEntry,
  found: RequestWithOutbox | undefined,
  timing: SweepTiming,
  lookAtMs?: number,
): Promise<Rehomed> {
  if (!found) {
    await index.remove(entry); // a create that never happened, or a request already pruned
    return 'dropped';
  }
  const { request, outbox } = found;
  const next = lookAtMs ?? lookAt(request, outbox, timing);
  if (next === undefined) {
    if (isFinished(request, outbox, timing))
      await index.put({
        kind: 'finished',
        requestId: request.id,
        at: finishedAt(request),
      });
    await index.remove(entry);
    return isFinished(request, outbox, timing) ? 'finished' : 'dropped';
  }
  const kind = request.state === 'awaitingApproval' ? 'pending' : 'due';
  const at = new Date(next).toISOString();
  if (entry.kind === kind && entry.at === at) return 'kept';
  await index.put({ kind, requestId: request.id, at });
  // A pending entry moved in place (its key is the request ID); any other entry is replaced by the new one.
  if (!(entry.kind === 'pending' && kind === 'pending')) await index.remove(entry);
  return 'moved';
}
