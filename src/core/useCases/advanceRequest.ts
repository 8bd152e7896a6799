import { nudgeOf } from '../nudgeOf.js';
import { approvalsMissingNow, approvedBy, requiredApprovals } from '../approvalCount.js';
import type { PolicyDecision } from '../policyDecision.js';
import { ArmError } from '../armError.js';
import { BROKER_ACTOR } from '../caller.js';
import type { IdentityRequest, StepProgress } from '../identityRequest.js';
import { grantPartiesFrom } from '../grantParties.js';
import type { StoredRequest } from '../ports.js';
import { type EventSpec, type RequestChanges, recordEvents } from '../recordEvents.js';
import { backoffMs, DEFAULT_RETRY, type RetrySettings } from '../retrySettings.js';
import type { StepOutcome } from '../stepOutcome.js';
import { paceStep } from '../steps/paceStep.js';
import { runAssignRoleStep } from '../steps/runAssignRoleStep.js';
import { runIdentityStep } from '../steps/runIdentityStep.js';
import { releaseUnmadeGrant } from '../steps/releaseUnmadeGrant.js';
import { runRemoveRoleStep } from '../steps/runRemoveRoleStep.js';
import type { StepContext } from '../steps/stepContext.js';
import { isPastApprovalDeadline } from './decisionCommon.js';
import type { AdvanceDeps, AdvanceOutcome } from './advanceDeps.js';
import { revokeDueGrants } from './revokeDueGrants.js';
import { nextGrantEnd } from '../grants.js';

export type { AdvanceDeps, AdvanceOutcome } from './advanceDeps.js';

/**
 * Handles one nudge: loads the request, does the one next thing it needs, commits, and nudges again.
 * A duplicate or late nudge finds nothing to do, or redoes a step that is idempotent.
 */
export async function advanceRequest(requestId: string, deps: AdvanceDeps): Promise<AdvanceOutcome> {
  const stored = await deps.store.get(requestId);
  if (!stored) return { action: 'nothingToDo', reason: 'no such request' };
  const now = deps.clock.now();
  const { request } = stored;
  switch (request.state) {
    case 'awaitingApproval':
      return isPastApprovalDeadline(stored, now)
        ? commit(stored, [{ type: 'requestExpired' }], {}, deps)
        : { action: 'nothingToDo', reason: 'awaiting approval' };
    case 'approved':
    case 'applying':
      if (request.notBefore && Date.parse(request.notBefore) > now.getTime()) {
        // Early or duplicate delivery: the scheduled nudge is on its way; renew it in case it was lost.
        await deps.nudger.nudge(nudgeOf(request), new Date(request.notBefore));
        return { action: 'nothingToDo', reason: `waiting until ${request.notBefore}` };
      }
      return request.state === 'approved' ? startApplying(stored, deps) : runNextStep(stored, deps);
    case 'succeeded':
    case 'failed': // a request that failed part-way may hold time-bound grants its earlier steps made
      return revokeDueGrants(stored, deps);
    default:
      return { action: 'nothingToDo', reason: `request is ${request.state}` };
  }
}

/**
 * Policy is asked again just before ARM is touched: what it no longer allows fails untouched.
 *
 * Invariant: no ARM write is sent unless the request's committed state allows it. `applying` is committed
 * (fenced on the version read) before the first step runs, so a cancel or rejection that lands first wins
 * with nothing written to ARM, and one that lands later is refused.
 */
async function startApplying(stored: StoredRequest, deps: AdvanceDeps): Promise<AdvanceOutcome> {
  const { request } = stored;
  const decision = deps.policy.evaluate({ ...request, requestedBy: request.requestedBy });
  if (decision.decision === 'denied')
    return commit(
      stored,
      [{ type: 'requestFailed', data: { code: 'policyDenied', reasons: decision.reasons } }],
      {
        error: {
          code: 'policyDenied',
          message: `policy no longer allows this request: ${decision.reasons.join('; ')}`,
        },
      },
      deps,
    );
  const missing = approvalsMissingNow(request, decision);
  if (missing > 0) return failForMissingApprovals(stored, decision, missing, deps);
  const { outcome: started, stored: applying } = await commitKeeping(
    stored,
    [{ type: 'policyEvaluated', data: decision }, { type: 'applyStarted' }],
    { notBefore: undefined },
    deps,
  );
  if (!applying) return started;
  // The first step runs in the same turn, on the state just committed: the commit's answer is what a read
  // would return, so the step's own commit is fenced on it as on a read. Another writer that moved the
  // request since is met there, as a conflict, and recorded as such.
  const stepped = await runNextStep(applying, deps);
  return stepped.action === 'committed' && started.action === 'committed'
    ? { ...stepped, events: [...started.events, ...stepped.events] }
    : stepped;
}

/**
 * Fails rather than waiting again: the approvers already decided on a request policy now treats differently,
 * so a new submission, planned and shown under the policy in force, is what they should see.
 */
function failForMissingApprovals(
  stored: StoredRequest,
  decision: PolicyDecision,
  missing: number,
  deps: AdvanceDeps,
): Promise<AdvanceOutcome> {
  const required = requiredApprovals(stored.request, decision);
  const message =
    `policy now needs ${required} approval${required === 1 ? '' : 's'} and this request has ` +
    `${approvedBy(stored.request).size}: submit it again (${decision.reasons.join('; ')})`;
  return commit(
    stored,
    [{ type: 'requestFailed', data: { code: 'approvalsMissing', missing, reasons: decision.reasons } }],
    { error: { code: 'approvalsMissing', message } },
    deps,
  );
}

async function runNextStep(stored: StoredRequest, deps: AdvanceDeps): Promise<AdvanceOutcome> {
  const { request } = stored;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const stepIndex = request.nextStep;
  const step = request.plan.steps[stepIndex];
  if (!step) return commit(stored, [{ type: 'requestSucceeded' }], {}, deps);
  const progress = progressOf(request);
  const context: StepContext = {
    request,
    stepIndex,
    step,
    arm: deps.arm,
    ledger: deps.ledger,
    parties: grantPartiesFrom(deps.store),
    store: deps.store,
    now: deps.clock.now(),
    ...(progress?.resumeToken ? { resumeToken: progress.resumeToken } : {}),
  };
  const slot = paceStep(step, progress, deps.budget, context.now);
  if (slot) return recordOutcome(stored, stepIndex, { kind: 'deferred', until: slot }, deps);
  const outcome = await attempt(context, progress, retry, deps.clock.now());
  if (outcome.kind === 'failed' && step.kind === 'assignRole') await releaseUnmadeGrant(context);
  return recordOutcome(stored, stepIndex, outcome, deps);
}

const progressOf = (request: IdentityRequest): StepProgress | undefined =>
  request.progress?.step === request.nextStep ? request.progress : undefined;

// A writer that moved the request while ARM was being called is rare: a bound keeps a bug from spinning.
const MAX_RECORD_TRIES = 3;

/**
 * A step's ARM effect is never dropped: when the commit finds the request moved on (a duplicate delivery
 * on a lost session lock), it reloads and records the same outcome on what it finds, unless that already
 * records the step.
 */
async function recordOutcome(
  stored: StoredRequest,
  stepIndex: number,
  outcome: StepOutcome,
  deps: AdvanceDeps,
): Promise<AdvanceOutcome> {
  let current = stored;
  for (let i = 0; i < MAX_RECORD_TRIES; i++) {
    const result = await applyOutcome(current, outcome, progressOf(current.request), deps);
    if (result.action !== 'conflict') return result;
    const reloaded = await deps.store.get(stored.request.id);
    if (!reloaded || reloaded.request.state !== 'applying' || reloaded.request.nextStep !== stepIndex)
      return { action: 'nothingToDo', reason: 'the step was recorded by another delivery' };
    current = reloaded;
  }
  throw new Error(`request ${stored.request.id} kept changing while step ${stepIndex} was being recorded`);
}

async function attempt(
  context: StepContext,
  progress: StepProgress | undefined,
  retry: RetrySettings,
  now: Date,
): Promise<StepOutcome> {
  try {
    switch (context.step.kind) {
      case 'updateIdentity':
        return await runIdentityStep(context, retry.pollIntervalMs);
      case 'assignRole':
        return await runAssignRoleStep(context);
      case 'removeRoleAssignment':
        return await runRemoveRoleStep(context);
    }
  } catch (e) {
    if (!(e instanceof ArmError)) throw e;
    return classifyFailure(e, context, progress, retry, now);
  }
}

/** Permanent failures end the request with ARM's reason; transient ones wait, within bounds. */
function classifyFailure(
  e: ArmError,
  context: StepContext,
  progress: StepProgress | undefined,
  retry: RetrySettings,
  now: Date,
): StepOutcome {
  // One identity PATCH carries several operations; ARM does not say which of them it refused.
  const [only, ...others] = context.step.operations;
  const blame = only !== undefined && others.length === 0 ? { operation: only } : {};
  const failed = (message: string): StepOutcome => ({
    kind: 'failed',
    error: { code: e.code, message, ...blame },
  });
  const attemptNo = (progress?.attempt ?? 0) + 1;
  // Waiting out replication does not use up the budget for throttling and outages, and the other way round.
  const transientNo = (progress?.transientAttempts ?? 0) + 1;
  const keep = context.resumeToken ? { keepResumeToken: context.resumeToken } : {};
  if (e.retry === 'never') return failed(e.message);
  if (e.retry === 'replicationDelay') {
    const since = progress ? Date.parse(progress.firstAttemptAt) : now.getTime();
    if (now.getTime() - since >= retry.replicationWindowMs)
      return failed(
        `${e.message} (the principal was still not found ${Math.round((now.getTime() - since) / 60_000)} minutes after the first attempt)`,
      );
    return {
      kind: 'retry',
      transient: false,
      code: e.code,
      message: e.message,
      delayMs: backoffMs(attemptNo - (progress?.transientAttempts ?? 0), retry),
      ...keep,
    };
  }
  if (transientNo >= retry.maxAttempts) return failed(`${e.message} (gave up after ${transientNo} attempts)`);
  return {
    kind: 'retry',
    transient: true,
    code: e.code,
    message: e.message,
    // Retry-After is a floor, not the schedule: with a 1 s Retry-After the attempts would be spent in
    // seconds, while ARM's write bucket refills at 10 a second; backing off rides a storm out for minutes.
    delayMs: Math.max(e.retryAfterMs ?? 0, backoffMs(transientNo, retry)),
    ...keep,
  };
}

async function applyOutcome(
  stored: StoredRequest,
  outcome: StepOutcome,
  progress: StepProgress | undefined,
  deps: AdvanceDeps,
): Promise<AdvanceOutcome> {
  const { request } = stored;
  const step = request.nextStep;
  const commitWith = (events: EventSpec[], changes: RequestChanges, nudge?: 'now' | Date) =>
    commit(stored, events, changes, deps, nudge);
  const now = deps.clock.now();
  const firstAttemptAt = progress?.firstAttemptAt ?? now.toISOString();
  switch (outcome.kind) {
    case 'done': {
      const results = request.results.map((r, i) => outcome.results.get(i) ?? r);
      const last = step + 1 >= request.plan.steps.length;
      const events: EventSpec[] = [
        { type: 'stepSucceeded', data: { step, results: Object.fromEntries(outcome.results) } },
      ];
      if (last) events.push({ type: 'requestSucceeded' });
      // A finished request with time-bound grants is looked at again when the first of them ends.
      const grantEnd = last ? nextGrantEnd(results) : undefined;
      const changes = { results, nextStep: step + 1, progress: undefined, notBefore: grantEnd };
      return commitWith(events, changes, last ? (grantEnd ? new Date(grantEnd) : undefined) : 'now');
    }
    case 'inProgress': {
      const notBefore = new Date(now.getTime() + outcome.delayMs);
      const changes = {
        progress: {
          ...progress,
          step,
          attempt: progress?.attempt ?? 0,
          firstAttemptAt,
          resumeToken: outcome.resumeToken,
        },
        notBefore: notBefore.toISOString(),
      };
      // The first look records that the operation started; later looks only move the progress.
      const events: EventSpec[] = progress?.resumeToken ? [] : [{ type: 'stepStarted', data: { step } }];
      return commitWith(events, changes, notBefore);
    }
    case 'retry': {
      const notBefore = new Date(now.getTime() + outcome.delayMs);
      const attempt = (progress?.attempt ?? 0) + 1;
      const transientAttempts = (progress?.transientAttempts ?? 0) + (outcome.transient ? 1 : 0);
      const lastError = { code: outcome.code, message: outcome.message };
      const changes = {
        progress: {
          step,
          attempt,
          ...(transientAttempts > 0 ? { transientAttempts } : {}),
          // Unexpected failures are bounded across ARM retries too (advanceWithinBoundary counts them).
          ...(progress?.unexpectedAttempts ? { unexpectedAttempts: progress.unexpectedAttempts } : {}),
          firstAttemptAt,
          lastError,
          ...(outcome.keepResumeToken ? { resumeToken: outcome.keepResumeToken } : {}),
        },
        notBefore: notBefore.toISOString(),
      };
      const data = { step, attempt, ...lastError, notBefore: notBefore.toISOString() };
      return commitWith([{ type: 'stepRetryScheduled', data }], changes, notBefore);
    }
    case 'deferred': {
      // Not a failure: the attempts so far stay as they are, and the slot is kept with the step.
      const until = outcome.until.toISOString();
      const changes = {
        progress: { ...progress, step, attempt: progress?.attempt ?? 0, firstAttemptAt, slotAt: until },
        notBefore: until,
      };
      return commitWith([{ type: 'stepDeferred', data: { step, until } }], changes, outcome.until);
    }
    case 'failed': {
      // Grants made by earlier steps still end on time: the request is looked at again when the first does.
      const grantEnd = nextGrantEnd(request.results);
      return commitWith(
        [{ type: 'stepFailed', data: { step, ...outcome.error } }],
        { error: outcome.error, progress: undefined, notBefore: grantEnd },
        grantEnd ? new Date(grantEnd) : undefined,
      );
    }
  }
}

async function commit(
  stored: StoredRequest,
  events: EventSpec[],
  changes: RequestChanges,
  deps: AdvanceDeps,
  nudge?: 'now' | Date,
): Promise<AdvanceOutcome> {
  return (await commitKeeping(stored, events, changes, deps, nudge)).outcome;
}

/** A commit that also hands back the request as now stored (absent on a conflict), for a caller that goes on. */
async function commitKeeping(
  stored: StoredRequest,
  events: EventSpec[],
  changes: RequestChanges,
  deps: AdvanceDeps,
  nudge?: 'now' | Date,
): Promise<{ outcome: AdvanceOutcome; stored?: StoredRequest }> {
  const { next, events: newEvents } = recordEvents(
    stored.request,
    stored.request.state,
    events,
    { actor: BROKER_ACTOR.id, now: deps.clock.now() },
    changes,
  );
  const committed = await deps.store.commit(stored, next, newEvents);
  if (committed === 'conflict') return { outcome: { action: 'conflict' } };
  if (nudge) await deps.nudger.nudge(nudgeOf(next), nudge === 'now' ? undefined : nudge);
  const outcome: AdvanceOutcome = {
    action: 'committed',
    state: next.state,
    events: events.map((e) => e.type),
    ...(nudge ? { next: nudge === 'now' ? 'now' : nudge.toISOString() } : {}),
  };
  return { outcome, stored: committed };
}
