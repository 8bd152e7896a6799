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

const MINUTE = 60_000;

const slotKey = (slot: number) => String(slot).padStart(6, '0');

/**
 * A fixed one-minute window per caller, kept as `perMinute` slots: rows in the caller's partition (a hash of
 * the caller ID, which keys may not hold as is), each remembering the minute it was last taken in. A take
 * claims one slot not yet taken this minute with a conditional write, so a minute never holds more than
 * `perMinute` takes on any number of instances, and a burst of one caller does not fight over one row: a
 * take that loses a slot to another takes the next. One query and, usually, one write per take; the table
 * grows with callers and their busiest minute, not with submissions.
 */
export function createTableSubmissionCounter(client: TableClient, perMinute: number): SubmissionCounter {
  return {
    async take(caller, now) {
      const partitionKey = createHash('sha256').update(caller).digest('hex');
      const windowStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
      const window = new Date(windowStart).toISOString();
      const denied = { allowed: false as const, retryAfterMs: windowStart + MINUTE - now.getTime() };
      const slots = new Map<string, SlotEntity & { etag?: string }>();
      const rows = client.listEntities<SlotEntity>({
        queryOptions: { filter: `PartitionKey eq '${partitionKey}'`, select: ['RowKey', 'Window'] },
      });
      for await (const row of rows) slots.set(row.rowKey, row);
      // Free this minute: never taken, or last taken in an earlier minute. Tried in random order, so that a
      // burst's takes mostly go for different slots.
      const free = Array.from({ length: perMinute }, (_, slot) => slotKey(slot)).filter(
        (key) => slots.get(key)?.Window !== window,
      );
      while (free.length > 0) {
        const [key] = free.splice(randomInt(free.length), 1) as [string];
        const claim: SlotEntity = { partitionKey, rowKey: key, Window: window };
        const stale = slots.get(key);
        try {
          if (stale?.etag) await client.updateEntity(claim, 'Replace', { etag: stale.etag });
          else await client.createEntity(claim);
          return { allowed: true };
        } catch (e) {
          // Another take claimed it first (409 on create, 412 on update): try the next free one.
          if (!isWriteConflict(e) && statusOf(e) !== 409) throw e;
        }
      }
      return denied;
    },
  };
}
