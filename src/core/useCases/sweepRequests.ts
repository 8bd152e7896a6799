import { nudgeOf } from '../nudgeOf.js';
import type { Clock } from '../clock.js';
import type { IdentityRequest } from '../identityRequest.js';
import type { EventPublisher, Nudge, Nudger, RequestStore } from '../ports.js';
import type { RequestState } from '../requestState.js';
import { republishEvents } from './republishEvents.js';

/** When each unfinished state is overdue for a look. */
const dueAt: Partial<Record<RequestState, (r: IdentityRequest) => string | undefined>> = {
  awaitingApproval: (r) => r.approvalExpiresAt,
  approved: (r) => r.updatedAt,
  applying: (r) => r.notBefore ?? r.updatedAt,
  // Only finished requests with a time-bound grant to end carry notBefore.
  succeeded: (r) => r.notBefore,
  failed: (r) => r.notBefore,
};

/**
 * Nothing is lost: a nudge that was never sent (the process died between commit and send) or never
 * delivered is made good here, so every accepted request reaches a terminal state; so is an event
 * left in a request's outbox.
 */
export async function sweepRequests(
  deps: { store: RequestStore; nudger: Nudger; clock: Clock; events?: EventPublisher },
  { graceMs = 5 * 60_000, pageSize = 100 } = {},
): Promise<{ examined: number; nudged: number; nudges: Nudge[]; republished: number }> {
  const { events } = deps;
  const republished = events ? (await republishEvents({ ...deps, events }, { graceMs, pageSize })).events : 0;
  const now = deps.clock.now().getTime();
  let examined = 0;
  let nudged = 0;
  const nudges: Nudge[] = []; // what was overdue, for the log: bounded by active work
  for (const [state, due] of Object.entries(dueAt) as Array<
    [RequestState, (r: IdentityRequest) => string | undefined]
  >) {
    // awaitingApproval is due exactly at its deadline; the others only once a nudge is clearly overdue.
    const slack = state === 'awaitingApproval' ? 0 : graceMs;
    let continuationToken: string | undefined;
    do {
      const page = await deps.store.list({
        state,
        limit: pageSize,
        // Most requests end succeeded or failed: read only those with a grant due, not every one ever made.
        ...(state === 'succeeded' || state === 'failed'
          ? { dueBy: new Date(now - slack).toISOString() }
          : {}),
        ...(continuationToken ? { continuationToken } : {}),
      });
      for (const request of page.items) {
        examined++;
        const at = due(request);
        if (at === undefined || Date.parse(at) + slack > now) continue;
        const nudge = nudgeOf(request);
        await deps.nudger.nudge(nudge);
        nudges.push(nudge);
        nudged++;
      }
      continuationToken = page.continuationToken;
    } while (continuationToken);
  }
  return { examined, nudged, nudges, republished };
}
