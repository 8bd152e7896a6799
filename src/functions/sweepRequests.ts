import type { TimerHandler } from '@azure/functions';
import { sweepRequests } from '../core/useCases/sweepRequests.js';
import { services } from '../wiring.js';
import { registerFunction } from './registry.js';
import { requestLog } from './requestLog.js';

/**
 * Every five minutes, through the index of active work: re-nudge requests whose nudge was lost, expire undecided
 * ones, resend unsent events, and prune finished requests past RETENTION_DAYS.
 */
export const sweepRequestsHandler: TimerHandler = async (_timer, context) => {
  const swept = await sweepRequests(await services());
  if (swept.nudged > 0)
    context.log(`sweeper nudged ${swept.nudged} of ${swept.examined} unfinished requests`);
  if (swept.republished > 0) context.log(`sweeper published ${swept.republished} events left in outboxes`);
  if (swept.pruned > 0) context.log(`sweeper pruned ${swept.pruned} requests past their retention`);
  for (const nudge of swept.nudges)
    requestLog(context, { id: nudge.requestId, ...nudge }).info('overdue: nudged again');
};

registerFunction({
  kind: 'timer',
  name: 'sweepRequests',
  schedule: '0 */5 * * * *',
  handler: sweepRequestsHandler,
});
