import type { IdentityRequest } from '../identityRequest.js';
import type { OutboxEvent } from '../outboxEvent.js';
import type { WorkEntry } from './activeWorkIndex.js';
import { finishedAt, isFinished, lookAt, type SweepTiming } from './lookAt.js';

/** A request as a writer sees it: its state and the events still in its outbox. */
export interface RequestWithOutbox {
  request: IdentityRequest;
  outbox: readonly OutboxEvent[];
}

/**
 * The index entry a change must write *before* it commits, if any. The cover invariant (docs/storage.md):
 * every request with something to do has an entry (`pending`, or `due`) whose `at` is at or before
 * `lookAt`. An entry is removed only by a reader that has read the request and written its new cover
 * first, so a change keeps the invariant by writing an entry exactly when it moves `lookAt` earlier than
 * it was (or the request enters `awaitingApproval`, which the pending list must show): every later time is
 * covered by the entry that covered the earlier one. A commit that finishes a request with nothing left to
 * look at writes its `finished` entry, which only retention reads.
 */
export function coverEntry(
  previous: RequestWithOutbox | undefined,
  next: RequestWithOutbox,
  timing: SweepTiming,
): WorkEntry | undefined {
  const due = lookAt(next.request, next.outbox, timing);
  const requestId = next.request.id;
  if (due === undefined) {
    // Finished by a commit that leaves nothing for the sweeper to meet (another request's removal ending its
    // last grant publishes no event): filed here, or retention would never find it.
    const finishes =
      previous !== undefined &&
      !isFinished(previous.request, previous.outbox, timing) &&
      isFinished(next.request, next.outbox, timing);
    return finishes ? { kind: 'finished', requestId, at: finishedAt(next.request) } : undefined;
  }
  const at = new Date(due).toISOString();
  if (next.request.state === 'awaitingApproval' && previous?.request.state !== 'awaitingApproval')
    return { kind: 'pending', requestId, at };
  const before = previous && lookAt(previous.request, previous.outbox, timing);
  if (before !== undefined && before <= due) return undefined;
  return { kind: 'due', requestId, at };
}
