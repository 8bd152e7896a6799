import type { InvocationContext } from '@azure/functions';
import type { QueuedSubmission } from '../core/rejectedMessageSink.js';
import type { IntakeRefusal } from '../core/useCases/queuedDraft.js';

/** An intake message as the classic Service Bus trigger hands it over: the decoded body and the metadata read. */
export interface IntakeMessage extends QueuedSubmission {
  /**
   * The message's ID arrived as a value other IDs parse to as well (below), as JSON: `messageId` is then `''`,
   * so the message is never keyed, correlated or kept under an ID it may share with another message.
   */
  ambiguousMessageId?: string;
}

// The worker JSON-parses metadata strings, so an ID of digits arrives as a number: read it back as text.
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/**
 * The message ID, from what the Node.js worker made of it: it JSON-parses every metadata string
 * (`fromRpcTypedData`) and camelCases object keys, keeping the text only where that fails. Text, a
 * whole number below 2^53 and `true`/`false` each come from one ID as it is written (`"0012"` is no JSON and
 * stays text; `"12"` is 12), so they read back as that ID. Any other value many IDs parse to:
 * `"12345678901234567890"` and `...891` both to 12345678901234567000, every `"89e…"` to Infinity, `"1.50"`
 * and `"1.5"` to 1.5, `{"Id":1}` and `{"id":1}` to one object. The ID as sent is gone before the handler
 * runs, so such a message is refused, never keyed as another message's replay. `null` is no ID.
 */
function readMessageId(value: unknown): { messageId: string; ambiguousMessageId?: string } {
  if (typeof value === 'string') return { messageId: value };
  if (typeof value === 'boolean') return { messageId: String(value) };
  if (typeof value === 'number' && Number.isSafeInteger(value))
    return { messageId: Object.is(value, -0) ? '-0' : String(value) };
  if (value === undefined || value === null) return { messageId: '' };
  return {
    messageId: '',
    ambiguousMessageId: typeof value === 'object' ? JSON.stringify(value) : String(value),
  };
}

/** Why a message cannot be taken by its ID (`needed` says what for), or undefined when it can. */
export function messageIdRefusal(message: IntakeMessage, needed: string): IntakeRefusal | undefined {
  if (message.ambiguousMessageId !== undefined)
    return {
      reason: 'AmbiguousMessageId',
      message:
        `messageId arrived as ${message.ambiguousMessageId}: the Functions worker parses a message ID that reads as ` +
        'JSON, and other IDs read as that value too, so this message cannot be told from theirs. ' +
        'Send an ID that is not a JSON number, array or object (a UUID, or a prefix such as "m-")',
      errors: [],
    };
  if (!message.messageId) return { reason: 'MissingMessageId', message: needed, errors: [] };
  return undefined;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Reads the trigger's input and `triggerMetadata` (camelCased keys, as the Node.js worker passes them). */
export function intakeMessage(body: unknown, context: InvocationContext): IntakeMessage {
  const metadata = context.triggerMetadata ?? {};
  const optional = {
    correlationId: text(metadata.correlationId),
    replyTo: text(metadata.replyTo),
    contentType: text(metadata.contentType),
    subject: text(metadata.subject) ?? text(metadata.label), // `Label` before Service Bus extension 5
    enqueuedTimeUtc: text(metadata.enqueuedTimeUtc),
    deliveryCount: typeof metadata.deliveryCount === 'number' ? metadata.deliveryCount : undefined,
  };
  return {
    body,
    ...readMessageId(metadata.messageId),
    applicationProperties: record(metadata.applicationProperties),
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<
      typeof optional
    >),
  } as IntakeMessage;
}
