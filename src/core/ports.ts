import type { Actor, Caller } from './caller.js';
import type { IdentityPatchBody, TargetIdentity } from './identity.js';
import type { IdentityRequest } from './identityRequest.js';
import type { Operation } from './operation.js';
import type { OutboxEvent } from './outboxEvent.js';
import type { GrantLimit } from './grantLimit.js';
import type { Plan, ResolvedRole } from './plan.js';
import type { PolicyDecision } from './policyDecision.js';
import type { RequestState } from './requestState.js';
import type { TargetKind } from './targetTypes.js';

import type { NewEvent, RequestEvent } from './requestEvent.js';

// The history's event types live on their own, so modules that build events need not import every port.
export type { NewEvent, RequestEvent } from './requestEvent.js';

export interface StoredRequest {
  request: IdentityRequest;
  /** The storage ETag of the state row: the fence for the next commit. */
  etag: string;
  /** Events committed but not yet published (an earlier publish failed), oldest first: sent before the next. */
  unpublished?: OutboxEvent[];
}

export interface RequestQuery {
  state?: RequestState;
  requestedBy?: string;
  target?: string;
  /** Only requests with a `notBefore` at or before this time. */
  dueBy?: string;
  limit: number;
  continuationToken?: string;
}

/**
 * Durable request state: one state row plus an append-only history per request.
 * Every change is atomic: the state row moves only together with the events that explain it.
 */
export interface RequestStore {
  /**
   * Writes a new request and its first events; `exists` when the ID is taken. `idempotencyKey`: the key the
   * request was claimed under, remembered with it so retention can remove the key's row too.
   */
  create(
    request: IdentityRequest,
    events: NewEvent[],
    options?: { idempotencyKey?: string },
  ): Promise<'created' | 'exists'>;
  get(id: string): Promise<StoredRequest | undefined>;
  history(id: string): Promise<RequestEvent[]>;
  /**
   * Moves `previous` to `next` and appends `events` numbered from `previous.request.version + 1`;
   * `conflict` when someone else moved it first. Committed, it answers what `get` would now return (the new
   * ETag, the outbox with this change's events), so a writer that goes on fences its next change on that,
   * without reading the row it has just written.
   */
  commit(
    previous: StoredRequest,
    next: IdentityRequest,
    events: NewEvent[],
  ): Promise<StoredRequest | 'conflict'>;
  /** Newest first. */
  list(query: RequestQuery): Promise<{ items: IdentityRequest[]; continuationToken?: string }>;
  /** The request an idempotency key already points at, if any. */
  findIdempotencyKey(key: string): Promise<{ requestId: string; fingerprint: string } | undefined>;
  /** Insert-only: the first claim wins and later ones learn what it points at. */
  claimIdempotencyKey(
    key: string,
    claim: { requestId: string; fingerprint: string },
  ): Promise<{ claimed: true } | { claimed: false; requestId: string; fingerprint: string }>;
  /** Removes these sequence numbers from the request's outbox once sent; already gone is success. */
  markPublished(requestId: string, sequences: number[]): Promise<void>;
  /** Outbox events of any request, oldest request first, in order within each: what the sweeper resends. */
  listUnpublished(query: {
    limit: number;
    continuationToken?: string;
  }): Promise<{ items: OutboxEvent[]; continuationToken?: string }>;
}

/** Sends request events to the `identity-request-events` topic, in the order given. */
export interface EventPublisher {
  publish(events: OutboxEvent[]): Promise<void>;
}

export type IdentityUpdate =
  | { status: 'done'; identity: TargetIdentity }
  | { status: 'inProgress'; resumeToken: string; retryAfterMs?: number };

export interface RoleDefinitionInfo {
  id: string;
  roleName: string;
}

export interface RoleAssignmentInfo {
  id: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
}

/** The ARM calls the broker makes, with its own managed identity. Failures throw `ArmError`. */
export interface ArmGateway {
  getTargetIdentity(target: string, kind: TargetKind): Promise<TargetIdentity | undefined>;
  beginIdentityUpdate(target: string, kind: TargetKind, body: IdentityPatchBody): Promise<IdentityUpdate>;
  resumeIdentityUpdate(target: string, kind: TargetKind, resumeToken: string): Promise<IdentityUpdate>;
  getUserAssignedIdentity(
    id: string,
  ): Promise<{ principalId: string; clientId: string; tenantId: string } | undefined>;
  /** By role name or role definition GUID, as it resolves at `scope`. */
  findRoleDefinition(scope: string, role: string): Promise<RoleDefinitionInfo | undefined>;
  createRoleAssignment(assignment: {
    scope: string;
    name: string;
    roleDefinitionId: string;
    principalId: string;
  }): Promise<{
    id: string;
    /** ARM answered 201: this PUT made it (200: it was there under that name). */ created: boolean;
  }>;
  /** The principal's assignments at, above and below `scope`. */
  listRoleAssignments(scope: string, principalId: string): Promise<RoleAssignmentInfo[]>;
  deleteRoleAssignment(id: string): Promise<'deleted' | 'notFound'>;
  /** The object ID of the identity the broker calls ARM as (its token's `oid`): never a request's subject. */
  brokerPrincipalId(): Promise<string | undefined>;
}

/** What a change to ARM draws on: ARM budgets PUT, PATCH and POST as writes and DELETE apart. */
export type ArmChange = 'write' | 'delete';

/**
 * ARM's throttling budget for the broker's own principal, per subscription, as ARM last reported it. Asked
 * before a change is sent, so a burst is spread over ARM's refill instead of meeting a storm of 429s.
 */
export interface ArmBudget {
  /**
   * Takes one change from the budget of the subscription `scope` lives in and says when to send it: `now`
   * when the budget has room, else the later time it will have refilled enough, held for this caller alone.
   */
  reserve(scope: string, change: ArmChange, now: Date): Date;
}

/** A message for a queue or topic another service named in `replyTo`. */
export interface Reply {
  body: unknown;
  subject: string;
  correlationId?: string;
}

/** Answers other services on the entity they asked to be answered on. */
export interface ReplySender {
  send(entity: string, reply: Reply): Promise<void>;
}

/**
 * Counts each caller's submissions per minute, so that one caller cannot spend the broker's shared ARM read
 * budget (planning reads the target) for everyone.
 */
export interface SubmissionCounter {
  /** Counts one submission by `caller` at `now`, unless the caller is over the limit: then when to retry. */
  take(caller: string, now: Date): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }>;
}

/** What a nudge names: the request, its target (the session) and version, and the story it belongs to. */
export interface Nudge {
  requestId: string;
  target: string;
  version: number;
  /** The submission's correlation ID, carried as the message's `correlationId`. */
  correlationId?: string;
}

/** Says "look at request X" on the operations queue, now or later. */
export interface Nudger {
  nudge(nudge: Nudge, at?: Date): Promise<void>;
}

export interface PolicyInput {
  target: string;
  operations: Operation[];
  requestedBy: Actor;
  plan: Plan;
}

/** Decides what may be granted and who approves. */
export interface Policy {
  evaluate(input: PolicyInput): PolicyDecision;
  /** How long an undecided request waits, in milliseconds. */
  approvalTimeoutMs: number;
  /** Whether the caller approves anything at all: approvers see every request. */
  approvesAnything(caller: Caller): boolean;
  /** For the plan's hints: what an end would change for this grant; absent or undefined: nothing to say. */
  longestGrant?(role: ResolvedRole): GrantLimit | undefined;
}
