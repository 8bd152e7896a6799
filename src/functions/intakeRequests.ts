import type { InvocationContext } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { BROKER_ENTITIES, INTAKE_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { allowedReplyTo } from '../core/allowedReplyTo.js';
import { intakeSubmission, type IntakeRefusal } from '../core/useCases/intakeSubmission.js';
import { services } from '../wiring.js';
import { registerFunction, type ReceivedMessage, type SettleableMessages } from './registry.js';

/** Submits one message, or says why it is refused. Throws when storage or ARM is unavailable. */
async function intake(message: ReceivedMessage): Promise<IntakeRefusal | undefined> {
  const messageId = message.messageId === undefined ? '' : String(message.messageId);
  if (!messageId)
    return { reason: 'MissingMessageId', message: 'messageId is the idempotency key', errors: [] };
  let body: unknown;
  try {
    body = decodeBody(message.body);
  } catch (e) {
    return { reason: 'InvalidJson', message: (e as Error).message, errors: [] };
  }
  const result = await intakeSubmission({ body, messageId, queue: INTAKE_QUEUE }, await services());
  return result.ok ? undefined : result.refusal;
}

/** Tells the sender, where it asked (`replyTo`), that its message was refused and why. */
async function replyInvalid(message: ReceivedMessage, refusal: IntakeRefusal, context: InvocationContext) {
  if (!message.replyTo) return;
  const s = await services();
  const messageId = String(message.messageId ?? '');
  const entity = allowedReplyTo(message.replyTo, {
    prefix: s.replyToPrefix,
    brokerEntities: BROKER_ENTITIES,
  });
  if (!entity.ok) {
    // Quoted and cut short: the name is the sender's text.
    const named = JSON.stringify(message.replyTo.slice(0, 300));
    context.warn(`not answering ${messageId} on replyTo ${named}: ${entity.error.reason}`);
    return;
  }
  const body = { type: 'requestInvalid', messageId, error: refusal, at: s.clock.now().toISOString() };
  await s.replies
    .send(entity.value, {
      body,
      subject: 'requestInvalid',
      ...(message.messageId ? { correlationId: String(message.messageId) } : {}),
    })
    .catch((e: unknown) => context.warn(`could not answer ${messageId} on ${entity.value}`, e));
}

/** Other services' requests: validated like HTTP ones; an invalid message is dead-lettered with its reason. */
export async function intakeRequestsHandler(
  { messages, actions }: SettleableMessages,
  context: InvocationContext,
) {
  for (const message of Array.isArray(messages) ? messages : [messages]) {
    let refusal: IntakeRefusal | undefined;
    try {
      refusal = await intake(message);
    } catch (e) {
      // Storage or ARM unavailable: the message comes back and, with its ID as the key, is never doubled.
      context.warn(`intake of ${String(message.messageId)} failed; abandoning for redelivery`, e);
      await actions.abandon(message);
      continue;
    }
    if (!refusal) {
      await actions.complete(message);
      continue;
    }
    context.warn(`dead-lettering ${String(message.messageId)}: ${refusal.reason}: ${refusal.message}`);
    await replyInvalid(message, refusal, context);
    await actions.deadletter(message, undefined, refusal.reason, refusal.message.slice(0, 4000));
  }
}

registerFunction({
  kind: 'serviceBusQueueSettled',
  name: 'intakeRequests',
  queueName: INTAKE_QUEUE,
  handler: intakeRequestsHandler,
});
