import { committedRequest } from '../../src/core/committedRequest.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import type {
  NewEvent,
  RequestEvent,
  RequestQuery,
  RequestStore,
  StoredRequest,
} from '../../src/core/ports.js';
import { outboxOf, type OutboxEvent } from '../../src/core/outboxEvent.js';
import { InvalidContinuationToken } from '../../src/core/invalidContinuationToken.js';
import { resourceIdKey } from '../../src/core/resourceId.js';

interface Partition {
  request: IdentityRequest;
  etag: string;
  events: RequestEvent[];
  /** Outbox rows, by sequence: written with the change, removed once published. */
  outbox: OutboxEvent[];
}

const copy = <T>(value: T): T => structuredClone(value);

const numbered = (events: readonly NewEvent[], first: number): RequestEvent[] =>
  events.map((event, i) => ({ ...copy(event), sequence: first + i }));

/**
 * The table store's contract in memory: a commit needs the current ETag *and* fresh event sequence
 * numbers (either fence alone refuses a stale writer); `create` never overwrites; idempotency claims are
 * insert-only; `list` is ascending request ID, which is newest first. Values are copied in and out, as
 * serialisation would.
 */
export class MemoryRequestStore implements RequestStore {
  private readonly partitions = new Map<string, Partition>();
  private readonly keys = new Map<string, { requestId: string; fingerprint: string }>();
  private etagCounter = 0;
  /** The idempotency key each request was created under, as the table store keeps it in the request's partition. */
  private readonly keyLinks = new Map<string, string>();
  /** Runs once, just before the next commit is checked: a seam to let a concurrent writer in. */
  beforeNextCommit: (() => Promise<void>) | undefined;
  /** Every commit that was written (not the refused ones), in order: each is one table transaction. */
  readonly commits: Array<{ requestId: string; version: number; events: string[] }> = [];

  private nextEtag(): string {
    this.etagCounter += 1;
    return `W/"datetime'${this.etagCounter}'"`;
  }

  async create(
    request: IdentityRequest,
    events: NewEvent[],
    options?: { idempotencyKey?: string },
  ): Promise<'created' | 'exists'> {
    if (this.partitions.has(request.id)) return 'exists';
    if (options?.idempotencyKey) this.keyLinks.set(request.id, options.idempotencyKey);
    this.partitions.set(request.id, {
      request: copy(request),
      etag: this.nextEtag(),
      events: numbered(events, 1),
      outbox: outboxOf('new', request, 1, events),
    });
    return 'created';
  }

  async get(id: string): Promise<StoredRequest | undefined> {
    const partition = this.partitions.get(id);
    if (!partition) return undefined;
    const stored: StoredRequest = { request: copy(partition.request), etag: partition.etag };
    return partition.outbox.length ? { ...stored, unpublished: copy(partition.outbox) } : stored;
  }

  async history(id: string): Promise<RequestEvent[]> {
    return copy(this.partitions.get(id)?.events ?? []);
  }

  async commit(
    previous: StoredRequest,
    next: IdentityRequest,
    events: NewEvent[],
  ): Promise<StoredRequest | 'conflict'> {
    if (next.version !== previous.request.version + events.length)
      throw new Error(
        `version ${next.version} does not follow ${previous.request.version} + ${events.length} events`,
      );
    if (next.id !== previous.request.id) throw new Error(`cannot move ${previous.request.id} to ${next.id}`);
    const hook = this.beforeNextCommit;
    this.beforeNextCommit = undefined;
    await hook?.();
    const partition = this.partitions.get(previous.request.id);
    if (!partition) throw new Error(`request ${previous.request.id} does not exist`);
    if (partition.etag !== previous.etag) return 'conflict';
    const first = previous.request.version + 1;
    if (partition.events.some((e) => e.sequence >= first && e.sequence < first + events.length))
      return 'conflict';
    partition.outbox.push(...copy(outboxOf(partition.request.state, next, first, events)));
    partition.request = copy(next);
    partition.etag = this.nextEtag();
    partition.events.push(...numbered(events, first));
    this.commits.push({ requestId: next.id, version: next.version, events: events.map((e) => e.type) });
    return committedRequest(previous, copy(next), events, partition.etag);
  }

  async list(query: RequestQuery): Promise<{ items: IdentityRequest[]; continuationToken?: string }> {
    const token = query.continuationToken;
    // As the table store: only a token this store gave out (the ID of a stored request) is accepted.
    if (token !== undefined && !this.partitions.has(token)) throw new InvalidContinuationToken();
    const matching = [...this.partitions.values()]
      .map((p) => p.request)
      .filter(
        (r) =>
          (query.state === undefined || r.state === query.state) &&
          (query.requestedBy === undefined ||
            r.requestedBy.id.toLowerCase() === query.requestedBy.toLowerCase()) &&
          (query.target === undefined || resourceIdKey(r.target) === resourceIdKey(query.target)) &&
          // As the table's `NotBefore le ...`: compared as ISO strings; a request without one never matches.
          (query.dueBy === undefined || (r.notBefore !== undefined && r.notBefore <= query.dueBy)) &&
          (token === undefined || r.id > token),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = matching.slice(0, query.limit).map(copy);
    const last = items.at(-1);
    return matching.length > query.limit && last ? { items, continuationToken: last.id } : { items };
  }

  async findIdempotencyKey(key: string): Promise<{ requestId: string; fingerprint: string } | undefined> {
    const found = this.keys.get(key);
    return found ? { ...found } : undefined;
  }

  async claimIdempotencyKey(
    key: string,
    claim: { requestId: string; fingerprint: string },
  ): Promise<{ claimed: true } | { claimed: false; requestId: string; fingerprint: string }> {
    const existing = this.keys.get(key);
    if (existing) return { claimed: false, ...existing };
    this.keys.set(key, { ...claim });
    return { claimed: true };
  }

  async markPublished(requestId: string, sequences: number[]): Promise<void> {
    const partition = this.partitions.get(requestId);
    if (partition) partition.outbox = partition.outbox.filter((e) => !sequences.includes(e.sequence));
  }

  /** As the table store: ascending request ID, then sequence; the token is the last row's message ID. */
  async listUnpublished(query: {
    limit: number;
    continuationToken?: string;
  }): Promise<{ items: OutboxEvent[]; continuationToken?: string }> {
    const rows = [...this.partitions.keys()].sort().flatMap((id) => this.partitions.get(id)?.outbox ?? []);
    const start = query.continuationToken
      ? rows.findIndex((e) => e.messageId === query.continuationToken) + 1
      : 0;
    const items = rows.slice(start, start + query.limit).map(copy);
    const last = items.at(-1);
    return start + query.limit < rows.length && last
      ? { items, continuationToken: last.messageId }
      : { items };
  }

  /** Retention (RequestPruner): the request's partition goes, as the table pruner removes it. */
  async prune(requestId: string): Promise<void> {
    const key = this.keyLinks.get(requestId);
    if (key) this.keys.delete(key);
    this.keyLinks.delete(requestId);
    this.partitions.delete(requestId);
  }

  /** Every stored request, oldest ID last: for assertions that nothing else was written. */
  ids(): string[] {
    return [...this.partitions.keys()].sort();
  }
}
