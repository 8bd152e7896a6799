import type { InvocationContext, ServiceBusQueueHandler } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { nudgeBodySchema } from '../adapters/serviceBus/nudgeMessage.js';
import { OPERATIONS_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { advanceWithinBoundary } from '../core/useCases/advanceWithinBoundary.js';
import { services } from '../wiring.js';
import { registerFunction } from './registry.js';
import { requestLog } from './requestLog.js';

/** The nudge's request ID, or undefined for a body no delivery will ever make sense of. */
function requestIdOf(message: unknown): string | undefined {
  try {
    const nudge = nudgeBodySchema.safeParse(decodeBody(message));
    return nudge.success ? nudge.data.requestId : undefined;
  } catch {
    return undefined; // not JSON at all
  }
}

/**
 * The executor. Every failure of a request is recorded on it by the boundary and the message completes;
 * only what the boundary could not record (storage down) is thrown, so the message is delivered again.
 */
export const executeOperationsHandler: ServiceBusQueueHandler = async (
  message,
  context: InvocationContext,
) => {
  const requestId = requestIdOf(message);
  if (requestId === undefined) {
    context.error(
      `dropping a message that is not a version 1 nudge: ${JSON.stringify(message)?.slice(0, 200)}`,
    );
    return;
  }
  const log = requestLog(context, { id: requestId, ...nudgeFields(context) });
  const outcome = await advanceWithinBoundary(requestId, await services());
  if (outcome.action === 'unexpectedFailure') {
    // The record holds name and message only; the stack is for the log.
    const { error, ...recorded } = outcome;
    log.error(`unexpected failure recorded ${JSON.stringify(recorded)}`, error);
    return;
  }
  log.info(`${outcome.action}: ${JSON.stringify(outcome)}`);
};

/** The target and correlation ID the nudge carries (a nudge from before they were sent has neither). */
function nudgeFields(context: InvocationContext): { target?: string; correlationId?: string } {
  const metadata = context.triggerMetadata ?? {};
  const properties = metadata.applicationProperties as Record<string, unknown> | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const target = text(properties?.target);
  const correlationId = text(metadata.correlationId);
  return { ...(target ? { target } : {}), ...(correlationId ? { correlationId } : {}) };
}

registerFunction({
  kind: 'serviceBusQueue',
  name: 'executeOperations',
  queueName: OPERATIONS_QUEUE,
  isSessionsEnabled: true,
  handler: executeOperationsHandler,
});
