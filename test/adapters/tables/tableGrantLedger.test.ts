import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { createTableGrantLedger } from '../../../src/adapters/tables/tableGrantLedger.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { grantLedgerContract } from '../../contracts/grantLedgerContract.js';

let azurite: RunningAzurite;
let tableNo = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

grantLedgerContract('table grant ledger on Azurite', async () => {
  // A fresh table per test: no test sees another's entries.
  const table = TableClient.fromConnectionString(azurite.connectionString, `GrantLedger${++tableNo}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  return createTableGrantLedger(table);
});
