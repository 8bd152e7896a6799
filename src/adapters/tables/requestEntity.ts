import type { IdentityRequest } from '../../core/identityRequest.js';
import type { OutboxEvent } from '../../core/outboxEvent.js';
import type { NewEvent, RequestEvent } from '../../core/ports.js';
import { resourceIdKey } from '../../core/resourceId.js';

/** The state row's RowKey: empty, so it sorts before the events. */
export const STATE_ROW = '';

// Table string properties hold at most 32K characters.
const MAX_PROPERTY_CHARS = 32_000;

export interface StateEntity {
  partitionKey: string;
  rowKey: string;
  [property: string]: unknown;
}

const json = (name: string, value: unknown): string | undefined => {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  if (text.length > MAX_PROPERTY_CHARS)
    throw new Error(`${name} is ${text.length} characters, over the table's limit`);
  return text;
};

/** Sequence numbers as 16 upper-case hex digits sort as numbers do. */
export const eventRowKey = (sequence: number): string =>
  sequence.toString(16).toUpperCase().padStart(16, '0');

export function toStateEntity(r: IdentityRequest): StateEntity {
  const entity: StateEntity = {
    partitionKey: r.id,
    rowKey: STATE_ROW,
    State: r.state,
    Version: r.version,
    Target: r.target,
    TargetKey: resourceIdKey(r.target),
    TargetKind: r.targetKind,
    Operations: json('Operations', r.operations),
    Justification: r.justification,
    Ticket: json('Ticket', r.ticket),
    RequestedBy: json('RequestedBy', r.requestedBy),
    RequestedById: r.requestedBy.id.toLowerCase(),
    Source: r.source,
    CorrelationId: r.correlationId,
    Policy: json('Policy', r.policy),
    Plan: json('Plan', r.plan),
    Decisions: json('Decisions', r.decisions),
    Results: json('Results', r.results),
    NextStep: r.nextStep,
    Progress: json('Progress', r.progress),
    NotBefore: r.notBefore,
    LastError: json('LastError', r.error),
    CreatedTime: r.createdAt,
    LastUpdatedTime: r.updatedAt,
    CompletedTime: r.completedAt,
    ApprovalExpiresAt: r.approvalExpiresAt,
    RevocationRequested: json('RevocationRequested', r.revocationRequested),
  };
  for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
  return entity;
}

const parse = <T>(value: unknown): T | undefined =>
  typeof value === 'string' ? (JSON.parse(value) as T) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function fromStateEntity(e: Record<string, unknown>): IdentityRequest {
  const optional = {
    ticket: parse<IdentityRequest['ticket']>(e.Ticket),
    correlationId: text(e.CorrelationId),
    progress: parse<IdentityRequest['progress']>(e.Progress),
    notBefore: text(e.NotBefore),
    error: parse<IdentityRequest['error']>(e.LastError),
    completedAt: text(e.CompletedTime),
    approvalExpiresAt: text(e.ApprovalExpiresAt),
    revocationRequested: parse<IdentityRequest['revocationRequested']>(e.RevocationRequested),
  };
  const request = {
    id: e.partitionKey as string,
    state: e.State as IdentityRequest['state'],
    version: Number(e.Version),
    target: e.Target as string,
    targetKind: e.TargetKind as IdentityRequest['targetKind'],
    operations: parse<IdentityRequest['operations']>(e.Operations) ?? [],
    justification: e.Justification as string,
    requestedBy: parse<IdentityRequest['requestedBy']>(e.RequestedBy) as IdentityRequest['requestedBy'],
    source: e.Source as IdentityRequest['source'],
    policy: parse<IdentityRequest['policy']>(e.Policy) as IdentityRequest['policy'],
    plan: parse<IdentityRequest['plan']>(e.Plan) as IdentityRequest['plan'],
    decisions: parse<IdentityRequest['decisions']>(e.Decisions) ?? [],
    results: parse<IdentityRequest['results']>(e.Results) ?? [],
    nextStep: Number(e.NextStep ?? 0),
    createdAt: e.CreatedTime as string,
    updatedAt: e.LastUpdatedTime as string,
  } as IdentityRequest;
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(request, { [key]: value });
  return request;
}

export const toEventEntity = (requestId: string, sequence: number, event: NewEvent) => ({
  partitionKey: requestId,
  rowKey: eventRowKey(sequence),
  EventType: event.type,
  EventTime: event.at,
  Actor: event.actor,
  ...(event.data === undefined ? {} : { Data: json('Data', event.data) }),
});

export const fromEventEntity = (e: Record<string, unknown>): RequestEvent => ({
  sequence: parseInt(e.rowKey as string, 16),
  type: e.EventType as RequestEvent['type'],
  at: e.EventTime as string,
  actor: e.Actor as string,
  ...(typeof e.Data === 'string' ? { data: JSON.parse(e.Data) as unknown } : {}),
});

/**
 * Outbox rows sort after every event row (hex digits sort before `o`) and are the only rows from
 * `outbox|` up: history reads below it, the sweeper reads only that range.
 */
export const OUTBOX_PREFIX = 'outbox|';
/** The first key past every outbox row (`}` follows `|`). */
export const OUTBOX_END = 'outbox}';

export const outboxRowKey = (sequence: number): string => `${OUTBOX_PREFIX}${eventRowKey(sequence)}`;

export const toOutboxEntity = (requestId: string, event: OutboxEvent) => ({
  partitionKey: requestId,
  rowKey: outboxRowKey(event.sequence),
  Message: json('Message', event),
});

export const fromOutboxEntity = (e: Record<string, unknown>): OutboxEvent =>
  JSON.parse(e.Message as string) as OutboxEvent;

export const isOutboxRow = (e: { rowKey?: string }): boolean => (e.rowKey ?? '').startsWith(OUTBOX_PREFIX);

/**
 * A request's idempotency key, as the `IdentityRequestKeys` partition it claimed (a hash, never the key): written
 * with the request, past every outbox row (`~` follows `o`), so retention can remove the key row with the request.
 */
export const KEY_LINK_PREFIX = '~key|';
