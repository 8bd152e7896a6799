import type { IdentityRequest, OperationResult } from '../identityRequest.js';
import type { Operation } from '../operation.js';
import type { OutboxEvent } from '../outboxEvent.js';
import { TERMINAL_STATES } from '../requestState.js';

/** How long the sweeper leaves work to the invocation or message that should do it before it steps in. */
export interface SweepTiming {
  /** A nudge is clearly lost this long after the look was due. */
  graceMs: number;
  /** An event still in the outbox this long after it happened was not sent by its commit (or is sent and waits for cleanup). */
  outboxGraceMs: number;
}

export const DEFAULT_SWEEP_TIMING: SweepTiming = { graceMs: 5 * 60_000, outboxGraceMs: 2 * 60_000 };

const plus = (iso: string | undefined, ms: number): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso) + ms;

/** When the request's own work (not its events) is overdue for a look; undefined: it has none. */
export function workDueAt(request: IdentityRequest, { graceMs }: SweepTiming): number | undefined {
  switch (request.state) {
    case 'awaitingApproval':
      return plus(request.approvalExpiresAt, 0); // expires exactly at its deadline
    case 'approved':
      return plus(request.updatedAt, graceMs);
    case 'applying':
      return plus(request.notBefore ?? request.updatedAt, graceMs);
    case 'succeeded':
    case 'failed':
      return plus(request.notBefore, graceMs); // only a time-bound grant still to end carries notBefore
    default:
      return undefined;
  }
}

/**
 * When the sweeper must look at the request at the latest: its work or its oldest unsent event, whichever
 * comes first. Undefined: nothing left to do, ever, unless a later commit gives it something.
 */
export function lookAt(
  request: IdentityRequest,
  outbox: readonly OutboxEvent[],
  timing: SweepTiming,
): number | undefined {
  const times = [
    workDueAt(request, timing),
    ...outbox.map((e) => Date.parse(e.body.at) + timing.outboxGraceMs),
  ].filter((t): t is number => t !== undefined && !Number.isNaN(t));
  return times.length ? Math.min(...times) : undefined;
}

const holds = (op: Operation | undefined, r: OperationResult | null): boolean =>
  op?.kind === 'assignRole' && !!r?.roleAssignmentId && !r.revokedAt;

/** The request still accounts for a role assignment in the grant ledger: its records must stay. */
export const holdsGrant = (request: IdentityRequest): boolean =>
  request.results.some((r, i) => holds(request.operations[i], r));

/**
 * When a request became finished, for retention's `finished` entries: its last change, the one that left it
 * nothing to do. Not `completedAt`: a request that completed long ago and held a grant since finishes when that
 * grant ends, and retention counts from then (publishing its outbox changes no request, so cannot move this).
 */
export const finishedAt = (request: IdentityRequest): string => request.updatedAt;

/** Finished for retention: terminal, nothing left to do, and no grant it still accounts for. */
export const isFinished = (request: IdentityRequest, outbox: readonly OutboxEvent[], timing: SweepTiming) =>
  TERMINAL_STATES.has(request.state) && lookAt(request, outbox, timing) === undefined && !holdsGrant(request);
