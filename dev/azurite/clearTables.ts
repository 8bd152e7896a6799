import { TableClient } from '@azure/data-tables';

/** Deletes every entity of each table (the tables stay): a fresh world for the next test. */
export async function clearTables(connectionString: string, tables: string[]): Promise<void> {
  for (const name of tables) {
    const client = TableClient.fromConnectionString(connectionString, name, {
      allowInsecureConnection: true,
    });
    const doomed: Array<{ partitionKey: string; rowKey: string }> = [];
    for await (const e of client.listEntities({ queryOptions: { select: ['PartitionKey', 'RowKey'] } }))
      doomed.push({ partitionKey: e.partitionKey as string, rowKey: e.rowKey as string });
    await Promise.all(doomed.map((e) => client.deleteEntity(e.partitionKey, e.rowKey)));
  }
}
