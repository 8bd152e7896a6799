import { createHash, randomInt } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { SubmissionCounter } from '../../core/ports.js';
import { isWriteConflict, statusOf } from './tableErrors.js';

interface SlotEntity {
  partitionKey: string;
  rowKey: string;
  /** The minute this slot was last taken in. */
  Window: string;
}

/** A slot as this instance last saw it: the minute it was taken in, and the ETag that fences a write on it. */
interface SeenSlot {
  window: string;
  etag: string;
}

const MINUTE = 60_000;

/**
 * Callers whose slots an instance remembers (the least recently seen goes first; a query brings it back): up to
 * 1,000, and never more than 100,000 slots in all, whatever the limit.
 */
export const rememberedCallers = (perMinute: number): number =>
  Math.max(1, Math.min(1_000, Math.floor(100_000 / perMinute)));

/**
 * Whether a slot last taken in `slotWindow` is taken for a take in `window`: in this minute, or in the next (an
 * instance whose clock runs a little behind must not overwrite a take of a minute it has not reached). A slot
 * dated further ahead was written by a clock that is wrong, and blocks nobody.
 */
const isTaken = (slotWindow: string | undefined, window: string): boolean =>
  slotWindow !== undefined &&
  (slotWindow === window || slotWindow === new Date(Date.parse(window) + MINUTE).toISOString());

const slotKey = (slot: number) => String(slot).padStart(6, '0');

/**
 * A fixed one-minute window per caller, kept as `perMinute` slots: rows in the caller's partition (a hash of
 * the caller ID, which keys may not hold as is), each remembering the minute it was last taken in. A take
 * claims one slot not yet taken this minute with a conditional write, so a minute never holds more than
 * `perMinute` takes on any number of instances, and a burst of one caller does not fight over one row: a
 * take that loses a slot to another takes the next. The table grows with callers and their busiest minute,
 * not with submissions.
 *
 * Each instance remembers the slots it last saw of a caller (their minute and ETag), so a caller it has seen
 * costs one conditional write per take and no query. The view may be stale, never wrong where it matters: a
 * write on a stale ETag is refused, and only then is the partition read again; and a view that shows every slot
 * taken denies without a read (a slot seen taken could only have been freed by a clock a minute or more off,
 * which costs at worst a denial for the rest of the minute). Clocks a minute or more apart can cost the limit a
 * slot; hosts keep time by NTP, far closer than that.
 */
export function createTableSubmissionCounter(client: TableClient, perMinute: number): SubmissionCounter {
  const views = new Map<string, Map<string, SeenSlot>>();
  const callersRemembered = rememberedCallers(perMinute);

  const remember = (partitionKey: string, view: Map<string, SeenSlot>) => {
    views.delete(partitionKey);
    views.set(partitionKey, view);
    for (const oldest of views.keys()) {
      if (views.size <= callersRemembered) break;
      views.delete(oldest);
    }
  };

  const readSlots = async (partitionKey: string): Promise<Map<string, SeenSlot>> => {
    const view = new Map<string, SeenSlot>();
    const rows = client.listEntities<SlotEntity>({
      queryOptions: { filter: `PartitionKey eq '${partitionKey}'`, select: ['RowKey', 'Window'] },
    });
    for await (const row of rows) view.set(row.rowKey, { window: row.Window, etag: row.etag });
    return view;
  };

  /**
   * Claims a free slot of `view`, trying them in random order so a burst's takes mostly go for different ones.
   * `stale`: a write was refused, so the view is out of date and a fresh read decides.
   */
  const claimFrom = async (
    view: Map<string, SeenSlot>,
    partitionKey: string,
    window: string,
    tryAll: boolean,
  ): Promise<'claimed' | 'full' | 'stale'> => {
    const free = Array.from({ length: perMinute }, (_, slot) => slotKey(slot)).filter(
      (key) => !isTaken(view.get(key)?.window, window),
    );
    while (free.length > 0) {
      const [key] = free.splice(randomInt(free.length), 1) as [string];
      const claim: SlotEntity = { partitionKey, rowKey: key, Window: window };
      const seen = view.get(key);
      try {
        const { etag } = seen
          ? await client.updateEntity(claim, 'Replace', { etag: seen.etag })
          : await client.createEntity(claim);
        if (etag) view.set(key, { window, etag });
        else view.delete(key); // no ETag to fence on: the next take reads it again
        return 'claimed';
      } catch (e) {
        // Another take claimed it first (409 on create, 412 on update), or the row is gone (404: the table was
        // emptied) and the view with it.
        if (!isWriteConflict(e) && statusOf(e) !== 409 && statusOf(e) !== 404) throw e;
        if (!tryAll) return 'stale';
      }
    }
    return 'full';
  };

  return {
    async take(caller, now) {
      const partitionKey = createHash('sha256').update(caller).digest('hex');
      const windowStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
      const window = new Date(windowStart).toISOString();
      const denied = { allowed: false as const, retryAfterMs: windowStart + MINUTE - now.getTime() };
      const seen = views.get(partitionKey);
      if (seen) {
        const outcome = await claimFrom(seen, partitionKey, window, false);
        if (outcome === 'claimed') return (remember(partitionKey, seen), { allowed: true });
        if (outcome === 'full') return denied;
      }
      // Not seen yet, or the view was stale: read the caller's slots, then take the next free one that stays so.
      const view = await readSlots(partitionKey);
      const outcome = await claimFrom(view, partitionKey, window, true);
      remember(partitionKey, view);
      return outcome === 'claimed' ? { allowed: true } : denied;
    },
  };
}
