import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import {
  createTableGrantLedger,
  createTableGrantLedgerPruner,
} from '../../../src/adapters/tables/tableGrantLedger.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { grantLedgerContract, grantLedgerRetentionContract } from '../../contracts/grantLedgerContract.js';

let azurite: RunningAzurite;
let tableNo = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

/** A fresh table per test: no test sees another's entries. */
async function freshTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(azurite.connectionString, `GrantLedger${++tableNo}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  return table;
}

grantLedgerContract('table grant ledger on Azurite', async () => createTableGrantLedger(await freshTable()));

grantLedgerRetentionContract('table grant ledger on Azurite', async () => {
  const table = await freshTable();
  return { ledger: createTableGrantLedger(table), pruner: createTableGrantLedgerPruner(table) };
});
