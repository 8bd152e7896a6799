import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { SubmissionCounter } from '../../core/ports.js';
import { isWriteConflict, statusOf } from './tableErrors.js';

interface CountEntity {
  partitionKey: string;
  rowKey: string;
  Window: string;
  Count: number;
}

const MINUTE = 60_000;
const TRIES = 5;

/**
 * A fixed one-minute window per caller, in one row per caller (PartitionKey: a hash of the caller ID, which
 * keys may not hold as is), so the count is the same on every instance and the table grows with callers,
 * not submissions. Each take is one read and one conditional write; a lost race reads again.
 */
export function createTableSubmissionCounter(client: TableClient, perMinute: number): SubmissionCounter {
  return {
    async take(caller, now) {
      const partitionKey = createHash('sha256').update(caller).digest('hex');
      const windowStart = Math.floor(now.getTime() / MINUTE) * MINUTE;
      const window = new Date(windowStart).toISOString();
      for (let attempt = 0; attempt < TRIES; attempt++) {
        const row = await client.getEntity<CountEntity>(partitionKey, '').catch((e: unknown) => {
          if (statusOf(e) === 404) return undefined;
          throw e;
        });
        const count = row?.Window === window ? row.Count : 0;
        if (count >= perMinute) return { allowed: false, retryAfterMs: windowStart + MINUTE - now.getTime() };
        const next: CountEntity = { partitionKey, rowKey: '', Window: window, Count: count + 1 };
        try {
          if (row) await client.updateEntity(next, 'Replace', { etag: row.etag });
          else await client.createEntity(next);
          return { allowed: true };
        } catch (e) {
          if (!isWriteConflict(e)) throw e;
        }
      }
      // Lost every race: this caller is submitting in parallel right now, so it can wait a moment.
      return { allowed: false, retryAfterMs: 1000 };
    },
  };
}
