import { TableClient } from '@azure/data-tables';
import { createTableActiveWorkIndex } from '../../src/adapters/tables/tableActiveWorkIndex.js';
import { createTableRequestPruner } from '../../src/adapters/tables/tableRequestPruner.js';
import { createTableRequestStore } from '../../src/adapters/tables/tableRequestStore.js';
import type { ActiveWorkIndex } from '../../src/core/activeWork/activeWorkIndex.js';
import type { RequestPruner } from '../../src/core/activeWork/prunePort.js';
import type { RequestStore } from '../../src/core/ports.js';
import { MemoryActiveWorkIndex } from '../fakes/memoryActiveWorkIndex.js';
import { MemoryRequestStore } from '../fakes/memoryRequestStore.js';

export interface StoreAndIndex {
  store: RequestStore;
  index: ActiveWorkIndex;
}

let tableNo = 0;

/** The table store, its index and pruner on fresh tables of a running Azurite (named `<prefix>Requests<n>`...). */
export async function tableStoreAndIndex(
  connectionString: string,
  prefix = '',
): Promise<StoreAndIndex & { pruner: RequestPruner }> {
  tableNo++;
  const client = (name: string) =>
    TableClient.fromConnectionString(connectionString, `${prefix}${name}${tableNo}`, {
      allowInsecureConnection: true,
    });
  const [requests, keys, work] = [client('Requests'), client('Keys'), client('Work')];
  await Promise.all([requests.createTable(), keys.createTable(), work.createTable()]);
  return {
    store: createTableRequestStore({ requests, keys }),
    index: createTableActiveWorkIndex(work),
    pruner: createTableRequestPruner({ requests, keys }),
  };
}

/** Both implementations, for `describe.each`: the in-memory pair and the table pair on Azurite. */
export const storeAndIndexImplementations = (
  connectionString: () => string,
  prefix: string,
): Array<[string, () => Promise<StoreAndIndex>]> => [
  [
    'memory store and index',
    async () => ({ store: new MemoryRequestStore(), index: new MemoryActiveWorkIndex() }),
  ],
  ['table store and index', () => tableStoreAndIndex(connectionString(), prefix)],
];
