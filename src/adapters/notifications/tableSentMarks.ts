import type { TableClient } from '@azure/data-tables';
import type { SentKey, SentMarks } from '../../core/notifications/channel.js';
import { statusOf } from '../tables/tableErrors.js';

// PartitionKey: the request ID (24 hex digits, key-safe); RowKey: version as 16 hex digits, then the channel.
const rowKey = (key: SentKey) => `${key.version.toString(16).toUpperCase().padStart(16, '0')}|${key.channel}`;

/** One insert-only row per send: a second insert (409) means another delivery marked it first. */
export const createTableSentMarks = (table: TableClient): SentMarks => ({
  async has(key) {
    try {
      await table.getEntity(key.requestId, rowKey(key));
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      throw e;
    }
  },
  async mark(key, outcome) {
    try {
      await table.createEntity({ partitionKey: key.requestId, rowKey: rowKey(key), Outcome: outcome });
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
    }
  },
});
