import type { ServiceBusQueueHandler } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { nudgeBodySchema } from '../adapters/serviceBus/nudgeMessage.js';
import { OPERATIONS_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { advanceRequest } from '../core/useCases/advanceRequest.js';
import { services } from '../wiring.js';
import { registerFunction } from './registry.js';

/**
 * The executor. A permanent ARM failure is recorded on the request and the message completes;
 * anything thrown (storage or ARM unreachable, a crash) leaves the message to be redelivered.
 */
export const executeOperationsHandler: ServiceBusQueueHandler = async (message, context) => {
  const nudge = nudgeBodySchema.safeParse(decodeBody(message));
  if (!nudge.success) throw new Error(`not a version 1 nudge: ${JSON.stringify(message).slice(0, 200)}`);
  const outcome = await advanceRequest(nudge.data.requestId, await services());
  context.log(`request ${nudge.data.requestId}: ${JSON.stringify(outcome)}`);
};

registerFunction({
  kind: 'serviceBusQueue',
  name: 'executeOperations',
  queueName: OPERATIONS_QUEUE,
  isSessionsEnabled: true,
  handler: executeOperationsHandler,
});
