import { odata, type TableClient } from '@azure/data-tables';
import type {
  ActiveWorkIndex,
  StoredWorkEntry,
  WorkKind,
  WorkPage,
} from '../../core/activeWork/activeWorkIndex.js';
import { afterKey, dueByBound, workRowKey, workToken } from '../../core/activeWork/workOrder.js';
import { statusOf } from './tableErrors.js';

interface WorkEntity {
  partitionKey: string;
  rowKey: string;
  etag: string;
  RequestId: string;
  At: string;
}

const fromEntity = (e: WorkEntity): StoredWorkEntry => ({
  kind: e.partitionKey as WorkKind,
  requestId: e.RequestId,
  at: e.At,
  etag: e.etag,
});

/**
 * The index of active work on Table storage (table `ActiveWork`): one partition per kind of work, so every
 * read is a partition query whose cost follows the entries it returns, never the requests ever made.
 */
export function createTableActiveWorkIndex(table: TableClient): ActiveWorkIndex {
  async function query(kind: WorkKind, filter: string, limit: number): Promise<WorkPage> {
    const pages = table.listEntities<WorkEntity>({ queryOptions: { filter } });
    const items: StoredWorkEntry[] = [];
    let token: string | undefined;
    // A query may return short pages: ask only for what is missing, so the token follows the last item kept.
    do {
      const page = await pages
        .byPage({ maxPageSize: limit - items.length, ...(token ? { continuationToken: token } : {}) })
        .next();
      if (page.done) break;
      items.push(...page.value.map(fromEntity));
      token = page.value.continuationToken;
    } while (token && items.length < limit);
    const last = items.at(-1);
    return token && last ? { items, continuationToken: workToken(kind, workRowKey(last)) } : { items };
  }

  return {
    async put(entry) {
      await table.upsertEntity(
        { partitionKey: entry.kind, rowKey: workRowKey(entry), RequestId: entry.requestId, At: entry.at },
        'Replace',
      );
    },

    async remove(entry) {
      try {
        await table.deleteEntity(entry.kind, workRowKey(entry), { etag: entry.etag });
      } catch (e) {
        // 404: someone removed it first; 412: written again since, so it is another change's cover now.
        if (statusOf(e) !== 404 && statusOf(e) !== 412) throw e;
      }
    },

    async dueBy(kind, until, page) {
      const after = afterKey(kind, page.continuationToken) ?? '';
      const filter =
        kind === 'pending'
          ? odata`PartitionKey eq ${kind} and RowKey gt ${after} and At le ${until}`
          : odata`PartitionKey eq ${kind} and RowKey gt ${after} and RowKey lt ${dueByBound(until)}`;
      return query(kind, filter, page.limit);
    },

    async pending(page) {
      const after = afterKey('pending', page.continuationToken) ?? '';
      return query('pending', odata`PartitionKey eq 'pending' and RowKey gt ${after}`, page.limit);
    },
  };
}
