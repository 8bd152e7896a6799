import { EVENTS_TOPIC, TICKET_WRITE_BACK_SUBSCRIPTION } from '../adapters/serviceBus/queueNames.js';
import { eventNotifier } from './notifyApprovers.js';
import { registerFunction } from './registry.js';

/** The request's own ticket: a ServiceNow work note, a Jira comment and transition (the same once-only sends). */
export const writeBackTicketsHandler = eventNotifier((s) => s.writeBack);

registerFunction({
  kind: 'serviceBusTopic',
  name: 'writeBackTickets',
  topicName: EVENTS_TOPIC,
  subscriptionName: TICKET_WRITE_BACK_SUBSCRIPTION,
  handler: writeBackTicketsHandler,
});
