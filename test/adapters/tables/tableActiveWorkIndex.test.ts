import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { createTableActiveWorkIndex } from '../../../src/adapters/tables/tableActiveWorkIndex.js';
import { createTableRequestPruner } from '../../../src/adapters/tables/tableRequestPruner.js';
import { createTableRequestStore } from '../../../src/adapters/tables/tableRequestStore.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { activeWorkContract } from '../../contracts/activeWorkContract.js';

let azurite: RunningAzurite;
let tableNo = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

// Fresh tables per test, on Azurite: the same contract the in-memory store and index pass.
activeWorkContract('table store and index', async () => {
  tableNo++;
  const client = (name: string) =>
    TableClient.fromConnectionString(azurite.connectionString, `${name}${tableNo}`, {
      allowInsecureConnection: true,
    });
  const [requests, keys, work] = [client('Requests'), client('Keys'), client('Work')];
  await Promise.all([requests.createTable(), keys.createTable(), work.createTable()]);
  return {
    store: createTableRequestStore({ requests, keys }),
    index: createTableActiveWorkIndex(work),
    pruner: createTableRequestPruner({ requests, keys }),
  };
});
