import { TableClient, type TransactionAction } from '@azure/data-tables';
import { toEventEntity, toStateEntity } from '../src/adapters/tables/requestEntity.js';
import { ACTIVE_WORK_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import { workRowKey } from '../src/core/activeWork/workOrder.js';
import type { IdentityRequest } from '../src/core/identityRequest.js';
import { newRequestId } from '../src/core/requestId.js';
import type { NewEvent } from '../src/core/ports.js';

const client = (connectionString: string, table: string) =>
  TableClient.fromConnectionString(connectionString, table, { allowInsecureConnection: true });

/** A request that finished long ago, as the table store writes one: the shape of history. */
function finishedRequest(at: Date, template: IdentityRequest): IdentityRequest {
  const iso = at.toISOString();
  return {
    ...template,
    id: newRequestId(at),
    state: 'succeeded',
    version: 7,
    createdAt: iso,
    updatedAt: iso,
    completedAt: iso,
    results: template.operations.map(() => ({ status: 'succeeded' as const })),
  };
}

const HISTORY: NewEvent['type'][] = [
  'requestSubmitted',
  'policyEvaluated',
  'approvalRequested',
  'requestApproved',
  'applyStarted',
  'stepSucceeded',
  'requestSucceeded',
];

/**
 * Writes `count` finished requests straight into the tables (each its state row and 7 event rows in one
 * transaction, and its `finished` entry, 100 to a transaction), `concurrency` at a time: history without
 * running the broker for it. The requests finished a year before `now`, one a minute.
 */
export async function seedFinishedRequests(
  connectionString: string,
  count: number,
  template: IdentityRequest,
  { now = new Date(), concurrency = 16 } = {},
): Promise<void> {
  const requests = client(connectionString, REQUESTS_TABLE);
  const work = client(connectionString, ACTIVE_WORK_TABLE);
  await Promise.all([requests.createTable(), work.createTable()]);
  const start = now.getTime() - 365 * 86_400_000;
  const made = Array.from({ length: count }, (_, i) =>
    finishedRequest(new Date(start + i * 60_000), template),
  );
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < made.length; i = next++) {
      const r = made[i] as IdentityRequest;
      const events = HISTORY.map((type, n): TransactionAction => [
        'create',
        toEventEntity(r.id, n + 1, { type, at: r.updatedAt, actor: 'seed' }),
      ]);
      await requests.submitTransaction([['create', toStateEntity(r)], ...events]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  for (let i = 0; i < made.length; i += 100)
    await work.submitTransaction(
      made.slice(i, i + 100).map((r): TransactionAction => {
        const entry = { kind: 'finished' as const, requestId: r.id, at: r.completedAt ?? r.updatedAt };
        return [
          'upsert',
          { partitionKey: 'finished', rowKey: workRowKey(entry), RequestId: r.id, At: entry.at },
        ];
      }),
    );
}
