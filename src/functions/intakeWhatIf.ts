import type { InvocationContext } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { BROKER_ENTITIES } from '../adapters/serviceBus/queueNames.js';
import { allowedReplyTo } from '../core/allowedReplyTo.js';
import { intakePreview } from '../core/useCases/intakePreview.js';
import type { IntakeRefusal } from '../core/useCases/queuedDraft.js';
import type { Services } from '../wiring.js';
import { type IntakeMessage, messageIdRefusal } from './intakeMessage.js';

/** The `subject` that asks for a what-if instead of a submission (CONTRACT.md's queue, extended). */
export const WHAT_IF_SUBJECT = 'plan';

export const isWhatIf = (message: IntakeMessage): boolean =>
  message.subject?.toLowerCase() === WHAT_IF_SUBJECT;

/**
 * Answers a queued what-if on its `replyTo` with the plan and policy decision its submission would get;
 * stores nothing. The answer is the whole outcome, so a send that fails throws and Service Bus delivers
 * the message again (nothing was stored, so a second assessment is harmless). Returns why it is refused.
 */
export async function answerWhatIf(
  message: IntakeMessage,
  s: Services,
  context: InvocationContext,
): Promise<IntakeRefusal | undefined> {
  const { messageId } = message;
  const uncorrelated = messageIdRefusal(message, 'messageId correlates the answer');
  if (uncorrelated) return uncorrelated;
  const entity = allowedReplyTo(message.replyTo ?? '', {
    prefix: s.replyToPrefix,
    brokerEntities: BROKER_ENTITIES,
  });
  if (!entity.ok)
    return {
      reason: 'ReplyToRequired',
      message: `a what-if is answered on replyTo only, and ${message.replyTo ? `this one is refused: ${entity.error.reason}` : 'none is set'}`,
      errors: [],
    };
  let body: unknown;
  try {
    body = decodeBody(message.body);
  } catch (e) {
    return { reason: 'InvalidJson', message: (e as Error).message, errors: [] };
  }
  const answered = await intakePreview(body, s);
  if (!answered.ok) return answered.refusal;
  await s.replies.send(entity.value, {
    body: { type: 'planResult', messageId, preview: answered.preview, at: s.clock.now().toISOString() },
    subject: 'planResult',
    correlationId: messageId,
  });
  context.log(`answered what-if ${messageId} on ${entity.value}: ${answered.preview.policy.decision}`);
  return undefined;
}
