import { createHmac } from 'node:crypto';
import { odata, TableClient, type TransactionAction } from '@azure/data-tables';
import {
  OUTBOX_END,
  OUTBOX_PREFIX,
  STATE_ROW,
  eventRowKey,
  outboxRowKey,
} from '../../src/adapters/tables/requestEntity.js';
import { jsonClient } from './httpJson.js';

/** One exchange as the measuring process repeats it; `worker` tells concurrent callers apart. */
export type Probe = (worker: number) => Promise<void>;

const POINT_TABLE = 'ExchangeProbe';
const BATCH_TABLE = 'ExchangeProbeBatches';
const requestPartition = (worker: number) => `request-${worker}`;

const text = (n: number) => 'x'.repeat(n);

/**
 * A state row the size of a one-step request's (about 2 KB), with the properties `toStateEntity` writes: the
 * client's cost of a call grows with what it serialises and parses.
 */
const stateEntity = (partitionKey: string) => ({
  partitionKey,
  rowKey: STATE_ROW,
  State: 'applying',
  Version: 3,
  Target: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/${text(12)}`,
  TargetKey: text(140),
  TargetKind: 'automationAccount',
  Operations: JSON.stringify([{ kind: 'enableSystemAssignedIdentity' }]),
  Justification: 'benchmark',
  RequestedBy: text(160),
  RequestedById: text(36),
  Source: 'http',
  Policy: text(260),
  Plan: text(700),
  Decisions: text(220),
  Results: text(2),
  NextStep: 0,
  CreatedTime: new Date().toISOString(),
  LastUpdatedTime: new Date().toISOString(),
  ApprovalExpiresAt: new Date().toISOString(),
});
const eventEntity = (partitionKey: string, sequence: number) => ({
  partitionKey,
  rowKey: eventRowKey(sequence),
  EventType: 'requestApproved',
  EventTime: new Date().toISOString(),
  Actor: text(40),
  Data: text(120),
});
const outboxEntity = (partitionKey: string, sequence: number) => ({
  partitionKey,
  rowKey: outboxRowKey(sequence),
  Message: text(480),
});

/** As the store's create and commit: the state row, then event and outbox rows in turn, `size` actions in all. */
function transactionOf(partitionKey: string, size: number): TransactionAction[] {
  const actions: TransactionAction[] = [['create', stateEntity(partitionKey)]];
  for (let i = 1; i < size; i++)
    actions.push(['create', i % 2 ? eventEntity(partitionKey, i) : outboxEntity(partitionKey, i)]);
  return actions;
}

interface Account {
  name: string;
  key: Buffer;
  endpoint: string;
}

function accountOf(connectionString: string): Account {
  const parts = Object.fromEntries(
    connectionString
      .split(';')
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  );
  return {
    name: parts.AccountName as string,
    key: Buffer.from(parts.AccountKey as string, 'base64'),
    endpoint: parts.TableEndpoint as string,
  };
}

/**
 * The floor of one Table exchange: a keep-alive GET of one entity over node:http, signed with SharedKeyLite
 * as the SDK signs it (the date and the canonical resource), its JSON parsed, nothing else.
 */
function bareGet(account: Account): { probe: Probe; close(): void } {
  const origin = new URL(account.endpoint);
  const client = jsonClient(origin.origin);
  const probe: Probe = async (worker) => {
    const path = `${origin.pathname}/${POINT_TABLE}(PartitionKey='${requestPartition(worker)}',RowKey='')`;
    const date = new Date().toUTCString();
    const signature = createHmac('sha256', account.key)
      .update(`${date}\n/${account.name}${path}`, 'utf8')
      .digest('base64');
    const answer = await client.send('GET', path, {
      'x-ms-date': date,
      'x-ms-version': '2019-02-02',
      dataserviceversion: '3.0',
      accept: 'application/json;odata=minimalmetadata',
      authorization: `SharedKeyLite ${account.name}:${signature}`,
    });
    if (answer.status !== 200) throw new Error(`bare GET answered ${answer.status}: ${answer.body}`);
    JSON.parse(answer.body);
  };
  return { probe, close: client.close };
}

/**
 * Table exchanges through @azure/data-tables, each as the broker's adapters make it, plus the bare floor. Each
 * worker has a request partition of its own (a state row, 4 events, 2 outbox rows), so ETags do not collide.
 */
export async function tableProbes(connectionString: string, workers: number) {
  const client = (table: string) =>
    TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });
  const point = client(POINT_TABLE);
  const batches = client(BATCH_TABLE);
  await Promise.all([point.createTable(), batches.createTable()]);
  const etags: string[] = [];
  for (let w = 0; w < workers; w++) {
    const pk = requestPartition(w);
    await point.submitTransaction([
      ['upsert', stateEntity(pk), 'Replace'],
      ...[1, 2, 3, 4].map((s): TransactionAction => ['upsert', eventEntity(pk, s), 'Replace']),
      ...[3, 4].map((s): TransactionAction => ['upsert', outboxEntity(pk, s), 'Replace']),
    ]);
    etags[w] = (await point.getEntity(pk, STATE_ROW)).etag;
  }
  // Every transaction creates its rows in a partition of its own, in a table of its own: the point table
  // stays small, so what it answers does not change while the transactions grow theirs.
  let batch = 0;
  const transaction =
    (size: number): Probe =>
    async () => {
      await batches.submitTransaction(transactionOf(`batch-${process.pid}-${++batch}`, size));
    };
  const bare = bareGet(accountOf(connectionString));
  const probes: Record<string, Probe> = {
    bareTableGet: bare.probe,
    getEntity: async (w) => {
      await point.getEntity(requestPartition(w), STATE_ROW);
    },
    updateEntity: async (w) => {
      const answer = await point.updateEntity(stateEntity(requestPartition(w)), 'Replace', {
        etag: etags[w] as string,
      });
      etags[w] = answer.etag as string;
    },
    // The store's get(): the state row and the outbox rows, in one partition query.
    partitionQuery: async (w) => {
      const id = requestPartition(w);
      const filter = odata`PartitionKey eq ${id} and (RowKey eq ${STATE_ROW} or (RowKey ge ${OUTBOX_PREFIX} and RowKey lt ${OUTBOX_END}))`;
      let rows = 0;
      for await (const _ of point.listEntities({ queryOptions: { filter } })) rows++;
      if (rows !== 3) throw new Error(`the partition query read ${rows} rows, not 3`);
    },
    transaction1: transaction(1),
    transaction4: transaction(4),
    transaction8: transaction(8),
  };
  return { probes, close: bare.close };
}
