import type { Reply } from '../../core/ports.js';

/** The message of an answer on a caller's `replyTo`; a correlation ID only where the asker's message had an ID. */
export const replyMessage = (
  reply: Reply,
): { body: unknown; contentType: 'application/json'; subject: string; correlationId?: string } => ({
  body: reply.body,
  contentType: 'application/json',
  subject: reply.subject,
  ...(reply.correlationId ? { correlationId: reply.correlationId } : {}),
});
