import type { InvocationContext } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import { INTAKE_QUEUE } from '../adapters/serviceBus/queueNames.js';
import { parseQueueSubmission } from '../core/parseSubmission.js';
import { submitRequest } from '../core/useCases/submitRequest.js';
import { services } from '../wiring.js';
import { registerFunction, type ReceivedMessage, type SettleableMessages } from './registry.js';

const describe = (errors: ReadonlyArray<{ path: string; message: string }>) =>
  errors
    .map((e) => `${e.path} ${e.message}`)
    .join('; ')
    .slice(0, 4000);

/** What to do with one intake message: submit it, or say why it is dead-lettered. */
async function intake(
  message: ReceivedMessage,
): Promise<{ deadLetter?: { reason: string; description: string } }> {
  const messageId = message.messageId === undefined ? '' : String(message.messageId);
  if (!messageId)
    return { deadLetter: { reason: 'MissingMessageId', description: 'messageId is the idempotency key' } };
  let body: unknown;
  try {
    body = decodeBody(message.body);
  } catch (e) {
    return { deadLetter: { reason: 'InvalidJson', description: (e as Error).message } };
  }
  const draft = parseQueueSubmission(body);
  if (!draft.ok)
    return { deadLetter: { reason: 'InvalidRequest', description: describe(draft.error.errors) } };
  const { requestedBy, ...request } = draft.value;
  const submitted = await submitRequest(
    {
      draft: request,
      requester: { id: requestedBy },
      source: 'queue',
      idempotencyKey: `queue|${INTAKE_QUEUE}|${messageId}`,
      correlationId: messageId,
    },
    await services(),
  );
  if (submitted.ok) return {};
  const error = submitted.error;
  return {
    deadLetter: {
      reason: error.code,
      description: 'errors' in error ? describe(error.errors) : error.message,
    },
  };
}

/** Other services' requests: validated like HTTP ones; an invalid message is dead-lettered with its reason. */
export async function intakeRequestsHandler(
  { messages, actions }: SettleableMessages,
  context: InvocationContext,
) {
  for (const message of Array.isArray(messages) ? messages : [messages]) {
    let outcome;
    try {
      outcome = await intake(message);
    } catch (e) {
      // Storage or ARM unavailable: the message comes back and, with its ID as the key, is never doubled.
      context.warn(`intake of ${String(message.messageId)} failed; abandoning for redelivery`, e);
      await actions.abandon(message);
      continue;
    }
    if (outcome.deadLetter) {
      context.warn(
        `dead-lettering ${String(message.messageId)}: ${outcome.deadLetter.reason}: ${outcome.deadLetter.description}`,
      );
      await actions.deadletter(message, undefined, outcome.deadLetter.reason, outcome.deadLetter.description);
    } else await actions.complete(message);
  }
}

registerFunction({
  kind: 'serviceBusQueueSettled',
  name: 'intakeRequests',
  queueName: INTAKE_QUEUE,
  handler: intakeRequestsHandler,
});
