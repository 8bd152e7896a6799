import type { InvocationContext } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { INTAKE_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { intakeSubmission, type IntakeRefusal } from '../core/useCases/intakeSubmission.js';
import { type Services, services } from '../wiring.js';
import { type IntakeMessage, intakeMessage, messageIdRefusal } from './intakeMessage.js';
import { answerWhatIf, isWhatIf } from './intakeWhatIf.js';
import { registerFunction } from './registry.js';
import { replyInvalid } from './replyInvalid.js';
import { requestLog } from './requestLog.js';

/** Submits one message, or says why it is refused. Throws when storage or ARM is unavailable. */
async function intake(message: IntakeMessage, s: Services, context: InvocationContext) {
  const unkeyed = messageIdRefusal(message, 'messageId is the idempotency key');
  if (unkeyed) return unkeyed;
  let body: unknown;
  try {
    body = decodeBody(message.body);
  } catch (e) {
    return { reason: 'InvalidJson', message: (e as Error).message, errors: [] };
  }
  const result = await intakeSubmission({ body, messageId: message.messageId, queue: INTAKE_QUEUE }, s);
  if (result.ok)
    requestLog(context, result.request).info(`submitted from the queue: ${result.request.state}`);
  return result.ok ? undefined : result.refusal;
}

/** Keeps a refused message, as it came, where an operator can read and replay it; throws if it was not kept. */
function keepRejected(message: IntakeMessage, refusal: IntakeRefusal, s: Services): Promise<void> {
  const { reason, message: description, errors } = refusal;
  return s.rejected.keep({ ...message, queue: INTAKE_QUEUE, reason, description, errors });
}

/**
 * Other services' requests (and what-ifs: `subject` "plan"), on the classic trigger: the host completes the message when this returns and
 * redelivers it when this throws. An invalid message is kept on the rejected queue first, so it completes
 * only once kept; an outage (storage, ARM, the rejected queue) throws, and the message ID keeps it single.
 */
export async function intakeRequestsHandler(input: unknown, context: InvocationContext): Promise<void> {
  const message = intakeMessage(input, context);
  const s = await services();
  const refusal = isWhatIf(message)
    ? await answerWhatIf(message, s, context)
    : await intake(message, s, context);
  if (!refusal) return;
  context.warn(`rejecting ${message.messageId || '(no messageId)'}: ${refusal.reason}: ${refusal.message}`);
  await keepRejected(message, refusal, s);
  await replyInvalid(message, refusal, s, context);
}

registerFunction({
  kind: 'serviceBusQueue',
  name: 'intakeRequests',
  queueName: INTAKE_QUEUE,
  isSessionsEnabled: false,
  handler: intakeRequestsHandler,
});
