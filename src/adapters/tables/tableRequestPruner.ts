import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { RequestPruner } from '../../core/activeWork/prunePort.js';
import { KEY_LINK_PREFIX, STATE_ROW } from './requestEntity.js';
import { statusOf } from './tableErrors.js';

/** An entity-group transaction holds at most 100 actions. */
const MAX_BATCH = 100;

/**
 * Removes a request's partition: the idempotency key it was created under first (its row in the keys table),
 * then its events and outbox rows in batches of 100, then the state row last, so a crash half-way leaves a
 * request that is still there (and found by its entry again), never rows without a state row to say whose
 * they are.
 */
export function createTableRequestPruner({
  requests,
  keys,
}: {
  requests: TableClient;
  keys: TableClient;
}): RequestPruner {
  return {
    async prune(requestId) {
      const rows: string[] = [];
      const filter = odata`PartitionKey eq ${requestId}`;
      for await (const e of requests.listEntities({ queryOptions: { filter, select: ['RowKey'] } }))
        if (e.rowKey !== STATE_ROW) rows.push(e.rowKey as string);
      for (const row of rows.filter((r) => r.startsWith(KEY_LINK_PREFIX)))
        await keys.deleteEntity(row.slice(KEY_LINK_PREFIX.length), STATE_ROW).catch((e: unknown) => {
          if (statusOf(e) !== 404) throw e;
        });
      for (let i = 0; i < rows.length; i += MAX_BATCH)
        await requests.submitTransaction(
          rows
            .slice(i, i + MAX_BATCH)
            .map((rowKey): TransactionAction => ['delete', { partitionKey: requestId, rowKey }]),
        );
      await requests.deleteEntity(requestId, STATE_ROW).catch((e: unknown) => {
        if (statusOf(e) !== 404) throw e;
      });
    },
  };
}
