import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { IdentityRequest } from '../../core/identityRequest.js';
import type { NewEvent, RequestQuery, RequestStore, StoredRequest } from '../../core/ports.js';
import { InvalidContinuationToken } from '../../core/invalidContinuationToken.js';
import { resourceIdKey } from '../../core/resourceId.js';
import { committedRequest } from '../../core/committedRequest.js';
import { outboxOf, type OutboxEvent } from '../../core/outboxEvent.js';
import type { StateOrNew } from '../../core/transitions.js';
import {
  KEY_LINK_PREFIX,
  OUTBOX_END,
  OUTBOX_PREFIX,
  STATE_ROW,
  fromEventEntity,
  fromOutboxEntity,
  fromStateEntity,
  isOutboxRow,
  outboxRowKey,
  toEventEntity,
  toOutboxEntity,
  toStateEntity,
} from './requestEntity.js';
import { idempotencyRowKey as keyRow } from './idempotencyRowKey.js';
import { isWriteConflict, statusOf } from './tableErrors.js';

/** The event rows and, in the same transaction, the outbox rows of the ones that are news. */
const eventActions = (
  from: StateOrNew,
  request: IdentityRequest,
  firstSequence: number,
  events: NewEvent[],
): TransactionAction[] => [
  ...events.map((event, i): TransactionAction => [
    'create',
    toEventEntity(request.id, firstSequence + i, event),
  ]),
  ...outboxOf(from, request, firstSequence, events).map((event): TransactionAction => [
    'create',
    toOutboxEntity(request.id, event),
  ]),
];

/** An entity-group transaction holds at most 100 actions. */
const MAX_BATCH = 100;

/** The SDK's token is base64 JSON naming the next partition (and row): anything else would throw inside it. */
function isTableToken(token: string): boolean {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null) return false;
    const { nextPartitionKey, nextRowKey } = decoded as Record<string, unknown>;
    return (
      typeof nextPartitionKey === 'string' &&
      nextPartitionKey !== '' &&
      (nextRowKey === undefined || typeof nextRowKey === 'string')
    );
  } catch {
    return false;
  }
}

/**
 * The request store on Table storage. Write order invariant: a change is one entity-group
 * transaction that updates the state row with If-Match and *creates* the next event rows; the create
 * of an existing sequence number fails the whole batch, so two writers that read the same version
 * cannot both commit, even where If-Match inside a batch is not enforced (Azurite).
 */
export function createTableRequestStore(tables: { requests: TableClient; keys: TableClient }): RequestStore {
  const { requests, keys } = tables;
  return {
    async create(request, events, options) {
      const key = options?.idempotencyKey;
      try {
        await requests.submitTransaction([
          ['create', toStateEntity(request)],
          ...eventActions('new', request, 1, events),
          // In the same transaction: remembering the key costs no round trip.
          ...(key
            ? [
                [
                  'create',
                  { partitionKey: request.id, rowKey: `${KEY_LINK_PREFIX}${keyRow(key)}` },
                ] as TransactionAction,
              ]
            : []),
        ]);
        return 'created';
      } catch (e) {
        if (statusOf(e) === 409) return 'exists';
        throw e;
      }
    },

    // The state row and any outbox rows in one query: the commit that follows sends what an earlier publish left.
    async get(id) {
      const filter = odata`PartitionKey eq ${id} and (RowKey eq ${STATE_ROW} or (RowKey ge ${OUTBOX_PREFIX} and RowKey lt ${OUTBOX_END}))`;
      let stored: StoredRequest | undefined;
      const unpublished: OutboxEvent[] = [];
      for await (const entity of requests.listEntities({ queryOptions: { filter } })) {
        if (isOutboxRow(entity)) unpublished.push(fromOutboxEntity(entity));
        else stored = { request: fromStateEntity(entity), etag: entity.etag };
      }
      if (!stored) return undefined;
      return unpublished.length ? { ...stored, unpublished } : stored;
    },

    async history(id) {
      const filter = odata`PartitionKey eq ${id} and RowKey gt ${STATE_ROW} and RowKey lt ${OUTBOX_PREFIX}`;
      const events = [];
      for await (const entity of requests.listEntities({ queryOptions: { filter } }))
        events.push(fromEventEntity(entity));
      return events;
    },

    async commit(previous, next, events) {
      if (next.version !== previous.request.version + events.length)
        throw new Error(
          `version ${next.version} does not follow ${previous.request.version} + ${events.length} events`,
        );
      try {
        // The state row's new ETag comes with the write: a batch answers its actions in their order, and the
        // state row's update is the first (it names no row: only creates carry a Location).
        const etag =
          events.length === 0
            ? (await requests.updateEntity(toStateEntity(next), 'Replace', { etag: previous.etag })).etag
            : (
                await requests.submitTransaction([
                  ['update', toStateEntity(next), 'Replace', { etag: previous.etag }],
                  ...eventActions(previous.request.state, next, previous.request.version + 1, events),
                ])
              ).subResponses[0]?.etag;
        if (!etag)
          throw new Error(`Table storage answered the commit of ${next.id} without the state row's ETag`);
        return committedRequest(previous, next, events, etag);
      } catch (e) {
        if (isWriteConflict(e)) return 'conflict';
        throw e;
      }
    },

    async list(query: RequestQuery) {
      const clauses = [odata`RowKey eq ${STATE_ROW}`];
      if (query.state) clauses.push(odata`State eq ${query.state}`);
      if (query.requestedBy) clauses.push(odata`RequestedById eq ${query.requestedBy.toLowerCase()}`);
      if (query.target) clauses.push(odata`TargetKey eq ${resourceIdKey(query.target)}`);
      if (query.dueBy) clauses.push(odata`NotBefore le ${query.dueBy}`);
      const pages = requests.listEntities({ queryOptions: { filter: clauses.join(' and ') } });
      const items: IdentityRequest[] = [];
      let token = query.continuationToken;
      if (token !== undefined && !isTableToken(token)) throw new InvalidContinuationToken();
      // A filtered scan may return short (even empty) pages; ask only for what is still missing so no item is skipped.
      do {
        const page = await pages
          .byPage({ maxPageSize: query.limit - items.length, ...(token ? { continuationToken: token } : {}) })
          .next();
        if (page.done) break;
        items.push(...page.value.map((e) => fromStateEntity(e)));
        token = page.value.continuationToken;
      } while (token && items.length < query.limit);
      return token ? { items, continuationToken: token } : { items };
    },

    async markPublished(id, sequences) {
      for (let i = 0; i < sequences.length; i += MAX_BATCH) {
        const chunk = sequences.slice(i, i + MAX_BATCH);
        try {
          // One round trip for a change's rows: publishing costs one write, not one per event.
          await requests.submitTransaction(
            chunk.map((s) => ['delete', { partitionKey: id, rowKey: outboxRowKey(s) }]),
          );
        } catch (e) {
          if (statusOf(e) !== 404) throw e;
          // Another publisher removed some first: remove the rest one by one.
          for (const s of chunk)
            await requests.deleteEntity(id, outboxRowKey(s)).catch((d: unknown) => {
              if (statusOf(d) !== 404) throw d;
            });
        }
      }
    },

    // A range over every partition: a scan of the table, returning only unsent rows (docs/storage.md).
    async listUnpublished(query) {
      const filter = odata`RowKey ge ${OUTBOX_PREFIX} and RowKey lt ${OUTBOX_END}`;
      let token = query.continuationToken;
      if (token !== undefined && !isTableToken(token)) throw new InvalidContinuationToken();
      const pages = requests.listEntities({ queryOptions: { filter } });
      const items: OutboxEvent[] = [];
      do {
        const page = await pages
          .byPage({ maxPageSize: query.limit - items.length, ...(token ? { continuationToken: token } : {}) })
          .next();
        if (page.done) break;
        items.push(...page.value.map((e) => fromOutboxEntity(e)));
        token = page.value.continuationToken;
      } while (token && items.length < query.limit);
      return token ? { items, continuationToken: token } : { items };
    },

    async findIdempotencyKey(key) {
      try {
        const row = await keys.getEntity<{ RequestId: string; Fingerprint: string }>(keyRow(key), STATE_ROW);
        return { requestId: row.RequestId, fingerprint: row.Fingerprint };
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },

    async claimIdempotencyKey(key, claim) {
      try {
        await keys.createEntity({
          partitionKey: keyRow(key),
          rowKey: STATE_ROW,
          RequestId: claim.requestId,
          Fingerprint: claim.fingerprint,
        });
        return { claimed: true };
      } catch (e) {
        if (statusOf(e) !== 409) throw e;
        const existing = await this.findIdempotencyKey(key);
        if (!existing) throw new Error('idempotency key vanished after a conflict', { cause: e });
        return { claimed: false, ...existing };
      }
    },
  };
}
