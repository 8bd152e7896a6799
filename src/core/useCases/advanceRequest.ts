import { ArmError } from '../armError.js';
import { BROKER_ACTOR } from '../caller.js';
import type { Clock } from '../clock.js';
import type { IdentityRequest, StepProgress } from '../identityRequest.js';
import type { Nudger, Policy, RequestStore, StoredRequest, ArmGateway } from '../ports.js';
import { type EventSpec, type RequestChanges, recordEvents } from '../recordEvents.js';
import { backoffMs, DEFAULT_RETRY, type RetrySettings } from '../retrySettings.js';
import type { StepOutcome } from '../stepOutcome.js';
import { runAssignRoleStep } from '../steps/runAssignRoleStep.js';
import { runIdentityStep } from '../steps/runIdentityStep.js';
import { runRemoveRoleStep } from '../steps/runRemoveRoleStep.js';
import type { StepContext } from '../steps/stepContext.js';
import { isPastApprovalDeadline } from './decisionCommon.js';
import { revokeDueGrants } from './revokeDueGrants.js';
import { nextGrantEnd } from '../grants.js';

export interface AdvanceDeps {
  store: RequestStore;
  arm: ArmGateway;
  policy: Policy;
  nudger: Nudger;
  clock: Clock;
  retry?: RetrySettings;
}

/** What one nudge did, for the log. */
export type AdvanceOutcome =
  | { action: 'nothingToDo'; reason: string }
  | { action: 'committed'; state: IdentityRequest['state']; events: string[]; next?: string }
  | { action: 'conflict' };

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
      return startApplying(stored, deps);
    case 'applying':
      if (request.notBefore && Date.parse(request.notBefore) > now.getTime()) {
        // Early or duplicate delivery: the scheduled nudge is on its way; renew it in case it was lost.
        await deps.nudger.nudge(nudgeOf(request), new Date(request.notBefore));
        return { action: 'nothingToDo', reason: `waiting until ${request.notBefore}` };
      }
      return runNextStep(stored, deps);
    case 'succeeded':
      return revokeDueGrants(stored, deps);
    default:
      return { action: 'nothingToDo', reason: `request is ${request.state}` };
  }
}

const nudgeOf = (r: IdentityRequest) => ({ requestId: r.id, target: r.target, version: r.version });

/** Policy is asked again just before ARM is touched: what it no longer allows fails untouched. */
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
  // The first step runs in the same turn: its commit carries the start of applying too, saving a round trip.
  return runNextStep(stored, deps, [{ type: 'policyEvaluated', data: decision }, { type: 'applyStarted' }]);
}

async function runNextStep(
  stored: StoredRequest,
  deps: AdvanceDeps,
  prefix: EventSpec[] = [],
): Promise<AdvanceOutcome> {
  const { request } = stored;
  const retry = deps.retry ?? DEFAULT_RETRY;
  const stepIndex = request.nextStep;
  const step = request.plan.steps[stepIndex];
  if (!step) return commit(stored, [...prefix, { type: 'requestSucceeded' }], {}, deps);
  const progress = request.progress?.step === stepIndex ? request.progress : undefined;
  const context: StepContext = {
    request,
    stepIndex,
    step,
    arm: deps.arm,
    now: deps.clock.now(),
    ...(progress?.resumeToken ? { resumeToken: progress.resumeToken } : {}),
  };
  const outcome = await attempt(context, progress, retry, deps.clock.now());
  return applyOutcome(stored, outcome, progress, deps, prefix);
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
    delayMs: e.retryAfterMs ?? backoffMs(transientNo, retry),
    ...keep,
  };
}

async function applyOutcome(
  stored: StoredRequest,
  outcome: StepOutcome,
  progress: StepProgress | undefined,
  deps: AdvanceDeps,
  prefix: EventSpec[],
): Promise<AdvanceOutcome> {
  const { request } = stored;
  const step = request.nextStep;
  const commitWith = (events: EventSpec[], changes: RequestChanges, nudge?: 'now' | Date) =>
    commit(stored, [...prefix, ...events], changes, deps, nudge);
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
          firstAttemptAt,
          lastError,
          ...(outcome.keepResumeToken ? { resumeToken: outcome.keepResumeToken } : {}),
        },
        notBefore: notBefore.toISOString(),
      };
      const data = { step, attempt, ...lastError, notBefore: notBefore.toISOString() };
      return commitWith([{ type: 'stepRetryScheduled', data }], changes, notBefore);
    }
    case 'failed':
      return commitWith([{ type: 'stepFailed', data: { step, ...outcome.error } }], {
        error: outcome.error,
        progress: undefined,
        notBefore: undefined,
      });
  }
}

async function commit(
  stored: StoredRequest,
  events: EventSpec[],
  changes: RequestChanges,
  deps: AdvanceDeps,
  nudge?: 'now' | Date,
): Promise<AdvanceOutcome> {
  const { next, events: newEvents } = recordEvents(
    stored.request,
    stored.request.state,
    events,
    { actor: BROKER_ACTOR.id, now: deps.clock.now() },
    changes,
  );
  if ((await deps.store.commit(stored, next, newEvents)) === 'conflict') return { action: 'conflict' };
  if (nudge) await deps.nudger.nudge(nudgeOf(next), nudge === 'now' ? undefined : nudge);
  return {
    action: 'committed',
    state: next.state,
    events: events.map((e) => e.type),
    ...(nudge ? { next: nudge === 'now' ? 'now' : nudge.toISOString() } : {}),
  };
}
