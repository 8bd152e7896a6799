import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import type { RunningAzurite } from '../dev/azurite/startAzurite.js';
import { toEventEntity, toStateEntity } from '../src/adapters/tables/requestEntity.js';
import { ACTIVE_WORK_TABLE, REQUESTS_TABLE } from '../src/adapters/tables/tableNames.js';
import { workRowKey } from '../src/core/activeWork/workOrder.js';
import type { IdentityRequest } from '../src/core/identityRequest.js';
import type { NewEvent, RequestStore } from '../src/core/ports.js';
import { newRequestId } from '../src/core/requestId.js';
import { type PlainEntity, writeRows } from './azuriteRows.js';

/** A finished request and its history: what each seeded request is a copy of. */
export interface FinishedHistory {
  request: IdentityRequest;
  events: NewEvent[];
}

/** What one call seeded: every request's ID, oldest first, and a few of the copies whole, to read back. */
export interface SeededBatch {
  ids: string[];
  sample: FinishedHistory[];
}

const finishedAt = (r: IdentityRequest) => r.completedAt ?? r.updatedAt;

/**
 * A finished request as the broker leaves it, read through the store: the template of history. One whose
 * outbox still holds events is not finished yet (the sweeper has not cleared it), so it is refused.
 */
export async function historyOf(store: RequestStore, id: string): Promise<FinishedHistory> {
  const stored = await store.get(id);
  if (!stored || stored.unpublished?.length || !stored.request.completedAt)
    throw new Error(`request ${id} is not finished with an empty outbox, so it is no template for history`);
  const events = (await store.history(id)).map(({ sequence, ...event }) => (void sequence, event));
  return { request: stored.request, events };
}

/**
 * A copy of `history` that finished at `at`: a new ID (from its moved creation time), its own correlation ID,
 * its times and its events' times moved by the same amount. Times inside the plan and the decisions keep the
 * original's: the same length, which is all a read of the table sees.
 */
export function copyOf(history: FinishedHistory, at: Date): FinishedHistory {
  const { request } = history;
  const shift = at.getTime() - Date.parse(finishedAt(request));
  const moved = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
  const times = (['createdAt', 'updatedAt', 'completedAt', 'approvalExpiresAt', 'notBefore'] as const)
    .filter((field) => request[field] !== undefined)
    .map((field) => [field, moved(request[field] as string)]);
  const correlationId = request.correlationId === undefined ? undefined : randomUUID();
  const createdAt = moved(request.createdAt);
  const copy: IdentityRequest = {
    ...request,
    ...Object.fromEntries(times),
    id: newRequestId(new Date(createdAt)),
    ...(correlationId === undefined ? {} : { correlationId }),
  };
  // The submission's event names the correlation ID too.
  const renamed = (data: unknown) =>
    data === undefined || correlationId === undefined || request.correlationId === undefined
      ? data
      : (JSON.parse(JSON.stringify(data).replaceAll(request.correlationId, correlationId)) as unknown);
  const events = history.events.map((e) => {
    const data = renamed(e.data);
    return { ...e, at: moved(e.at), ...(data === undefined ? {} : { data }) };
  });
  return { request: copy, events };
}

/**
 * The rows a finished request leaves, as the broker writes them: its state row and event rows (the table
 * store's own mappers) and its `finished` entry in the index of active work (as the index's `put` writes it).
 */
export function rowsOf({ request, events }: FinishedHistory): { requests: PlainEntity[]; work: PlainEntity } {
  const entry = { kind: 'finished' as const, requestId: request.id, at: finishedAt(request) };
  return {
    requests: [
      toStateEntity(request) as PlainEntity,
      ...events.map((e, n) => toEventEntity(request.id, n + 1, e) as PlainEntity),
    ],
    work: { partitionKey: entry.kind, rowKey: workRowKey(entry), RequestId: entry.requestId, At: entry.at },
  };
}

// Copies kept whole per batch, spread over it (its first and last among them): what is read back.
const SAMPLE = 6;

/**
 * Writes `count` copies of a finished request into an in-process Azurite, below its API (`writeRows`): the
 * history a deployment accumulates, without running the broker for it. The copies finished a year before
 * `now`, one a minute; `from` continues a timeline earlier calls began, so sizes are seeded one on another.
 */
export async function seedFinishedRequests(
  azurite: RunningAzurite,
  count: number,
  history: FinishedHistory,
  { now = new Date(), from = 0 }: { now?: Date; from?: number } = {},
): Promise<SeededBatch> {
  const client = (table: string) =>
    TableClient.fromConnectionString(azurite.connectionString, table, { allowInsecureConnection: true });
  // Through the API: a table that is not there yet is created as the broker creates it.
  await Promise.all([client(REQUESTS_TABLE).createTable(), client(ACTIVE_WORK_TABLE).createTable()]);
  const start = now.getTime() - 365 * 86_400_000;
  const step = Math.max(1, Math.floor(count / (SAMPLE - 1)));
  const ids: string[] = [];
  const sample: FinishedHistory[] = [];
  const requests: PlainEntity[] = [];
  const work: PlainEntity[] = [];
  for (let i = 0; i < count; i++) {
    const copy = copyOf(history, new Date(start + (from + i) * 60_000));
    const rows = rowsOf(copy);
    requests.push(...rows.requests);
    work.push(rows.work);
    ids.push(copy.request.id);
    if (i % step === 0 || i === count - 1) sample.push(copy);
  }
  writeRows(azurite, REQUESTS_TABLE, requests);
  writeRows(azurite, ACTIVE_WORK_TABLE, work);
  return { ids, sample };
}
