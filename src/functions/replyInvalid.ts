import type { InvocationContext } from '@azure/functions';
import { BROKER_ENTITIES } from '../adapters/serviceBus/queueNames.js';
import { allowedReplyTo } from '../core/allowedReplyTo.js';
import type { IntakeRefusal } from '../core/useCases/intakeSubmission.js';
import type { Services } from '../wiring.js';
import type { IntakeMessage } from './intakeMessage.js';

/** Tells the sender, where it asked (`replyTo`) and settings allow, that its message was refused and why. */
export async function replyInvalid(
  message: IntakeMessage,
  refusal: IntakeRefusal,
  s: Services,
  context: InvocationContext,
): Promise<void> {
  if (!message.replyTo) return;
  const { messageId } = message;
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
      ...(messageId ? { correlationId: messageId } : {}),
    })
    .catch((e: unknown) => context.warn(`could not answer ${messageId} on ${entity.value}`, e));
}
