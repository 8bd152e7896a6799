import type { InvocationContext } from '@azure/functions';
import { decodeBody } from '../adapters/serviceBus/decodeBody.js';
import type { RequestEventBody } from '../core/outboxEvent.js';
import type { NotifyOutcome } from '../core/useCases/notifyEvent.js';

export const isEventBody = (body: unknown): body is RequestEventBody =>
  typeof body === 'object' && body !== null && 'type' in body && 'requestId' in body && 'state' in body;

/** The body as JSON, or undefined when it is not JSON at all. */
export function bodyOf(message: unknown): unknown {
  try {
    return decodeBody(message);
  } catch {
    return undefined;
  }
}

/** One line per delivery; a refusal for good and a channel given up after its last retry are errors. */
export function logNoticeOutcome(
  context: InvocationContext,
  messageId: string,
  outcome: NotifyOutcome,
): void {
  if (outcome.action === 'skipped') return;
  for (const { channel, reason } of outcome.gaveUp)
    context.error(`notification ${messageId} to ${channel} refused for good: ${reason}`);
  for (const { channel, reason } of outcome.exhausted)
    context.error(`notification ${messageId} to ${channel} given up after its last retry: ${reason}`);
  for (const { channel, reason, retry, at } of outcome.scheduled)
    context.warn(`notification ${messageId} to ${channel} failed (${reason}): retry ${retry} at ${at}`);
  context.log(
    `notification ${messageId}: sent to ${outcome.sent.join(', ') || 'none'}; already sent to ${outcome.already.join(', ') || 'none'}`,
  );
}
