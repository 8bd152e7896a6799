import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll } from 'vitest';
import { createTableSentMarks } from '../../../src/adapters/notifications/tableSentMarks.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { sentMarksContract } from '../../contracts/sentMarksContract.js';

let azurite: RunningAzurite;
let tableNo = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

sentMarksContract('table sent marks on Azurite', async () => {
  // A fresh table per test: no test sees another's marks.
  const table = TableClient.fromConnectionString(azurite.connectionString, `NotificationsSent${++tableNo}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  const marks = createTableSentMarks(table);
  return {
    marks,
    outcomeOf: async (key) => {
      for await (const row of table.listEntities<{ Outcome: string }>({
        queryOptions: { filter: `PartitionKey eq '${key.requestId}'` },
      }))
        if (row.rowKey === `${key.version.toString(16).toUpperCase().padStart(16, '0')}|${key.channel}`)
          return row.Outcome;
      return undefined;
    },
  };
});
