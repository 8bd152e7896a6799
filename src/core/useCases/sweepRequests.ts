import type { ActiveWorkIndex, StoredWorkEntry } from '../activeWork/activeWorkIndex.js';
import { entriesDue } from '../activeWork/entriesDue.js';
import { DEFAULT_SWEEP_TIMING, lookAt, workDueAt, type SweepTiming } from '../activeWork/lookAt.js';
import type { RequestPruner } from '../activeWork/prunePort.js';
import { rehome } from '../activeWork/rehome.js';
import type { Clock } from '../clock.js';
import type { GrantLedger, GrantLedgerPruner } from '../grantLedger.js';
import { nudgeOf } from '../nudgeOf.js';
import type { EventPublisher, Nudge, Nudger, RequestStore } from '../ports.js';
import { publishOutbox } from '../publishingStore.js';
import { pruneFinished } from './pruneFinished.js';

export interface SweepDeps {
  store: RequestStore;
  activeWork: ActiveWorkIndex;
  nudger: Nudger;
  clock: Clock;
  events?: EventPublisher;
  /** Finished requests older than this many days are pruned; absent: kept for ever. */
  retentionDays?: number;
  pruner?: RequestPruner;
  /** With these, retention also removes the ledger entries of grants no request holds any more. */
  ledger?: GrantLedger;
  ledgerPruner?: GrantLedgerPruner;
}

export interface SweepOutcome {
  /** Index entries looked at: due work, and entries whose request had moved on (repaired). */
  examined: number;
  nudged: number;
  nudges: Nudge[];
  republished: number;
  /** Entries met whose request had nothing of that left to do: each moved to its real time, or dropped. */
  repaired: number;
  pruned: number;
}

/**
 * Nothing is lost: a nudge that was never sent (the process died between commit and send) or never
 * delivered is made good here, and so is an event left in an outbox, so every accepted request reaches a
 * terminal state. Only the index's due entries are read, each with one read of its request: the cost of a
 * pass follows the work that is due, not the requests ever made (invariant 5).
 */
export async function sweepRequests(
  deps: SweepDeps,
  {
    graceMs = DEFAULT_SWEEP_TIMING.graceMs,
    outboxGraceMs = DEFAULT_SWEEP_TIMING.outboxGraceMs,
    pageSize = 100,
  } = {},
): Promise<SweepOutcome> {
  const timing: SweepTiming = { graceMs, outboxGraceMs };
  const now = deps.clock.now();
  const outcome: SweepOutcome = {
    examined: 0,
    nudged: 0,
    nudges: [],
    republished: 0,
    repaired: 0,
    pruned: 0,
  };
  // Approval deadlines live on the pending entries; everything else on the due ones.
  for (const kind of ['pending', 'due'] as const)
    for await (const entry of entriesDue(deps.activeWork, kind, now.toISOString(), pageSize)) {
      outcome.examined++;
      await look(entry, deps, timing, now, outcome);
    }
  if (deps.retentionDays !== undefined && deps.pruner)
    outcome.pruned = await pruneFinished(
      {
        ...deps,
        pruner: deps.pruner,
        timing,
        ...(deps.ledger && deps.ledgerPruner
          ? { grants: { ledger: deps.ledger, pruner: deps.ledgerPruner } }
          : {}),
      },
      new Date(now.getTime() - deps.retentionDays * 86_400_000),
      pageSize,
    );
  return outcome;
}

/** One entry: send what its outbox still holds, nudge what is overdue, and leave the entry at the next look. */
async function look(
  entry: StoredWorkEntry,
  deps: SweepDeps,
  timing: SweepTiming,
  now: Date,
  outcome: SweepOutcome,
): Promise<void> {
  const stored = await deps.store.get(entry.requestId);
  if (!stored) {
    await rehome(deps.activeWork, entry, undefined, timing);
    outcome.repaired++;
    return;
  }
  let outbox = stored.unpublished ?? [];
  let published = false;
  const oldest = outbox[0];
  if (deps.events && oldest && Date.parse(oldest.body.at) + timing.outboxGraceMs <= now.getTime()) {
    try {
      // Most were sent by their commit: sent again inside the topic's duplicate window, Service Bus drops the copy.
      await publishOutbox(deps.store, deps.events, entry.requestId, outbox);
      outcome.republished += outbox.length;
      outbox = [];
      published = true;
    } catch {
      // Left in the outbox, and so due again at the next pass; the other requests still go.
    }
  }
  const work = workDueAt(stored.request, timing);
  const overdue = work !== undefined && work <= now.getTime();
  if (overdue) {
    const nudge = nudgeOf(stored.request);
    await deps.nudger.nudge(nudge);
    outcome.nudges.push(nudge);
    outcome.nudged++;
  } else if (!published) outcome.repaired++; // nothing was due yet: an early or stale entry, moved or dropped
  // Looked at again a while later if it is still due now (a nudge lost again, an outbox that would not send).
  const next = lookAt(stored.request, outbox, timing);
  const again =
    overdue || (next !== undefined && next <= now.getTime()) ? now.getTime() + timing.graceMs : undefined;
  await rehome(deps.activeWork, entry, { request: stored.request, outbox }, timing, again);
}
