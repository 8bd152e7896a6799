import { z } from 'zod';

/** The answer to a Jira event that makes no request: 200, so Jira does not retry it, and nothing stored. */
export const ticketIgnoredSchema = z.object({
  status: z.literal('ignored'),
  reason: z.string().describe('which events make a request, in words'),
});
export type TicketIgnored = z.infer<typeof ticketIgnoredSchema>;
