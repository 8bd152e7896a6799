/** Other services submit requests here. */
export const INTAKE_QUEUE = 'identity-requests';
/** Intake messages refused as invalid, kept as they came with the reason, for an operator to read and replay. */
export const INTAKE_REJECTED_QUEUE = 'identity-requests-rejected';
/** The broker's own work queue; session-enabled, one session per target. */
export const OPERATIONS_QUEUE = 'identity-operations';
/** Every state change, as an event. */
export const EVENTS_TOPIC = 'identity-request-events';
/** The events topic's subscription the notifier reads. */
export const NOTIFICATIONS_SUBSCRIPTION = 'notifications';
/** The events topic's subscription the ticket write-back (ServiceNow work notes, Jira comments) reads. */
export const TICKET_WRITE_BACK_SUBSCRIPTION = 'ticket-write-back';
/** One channel's scheduled retry of one event, for the approver notices and the ticket write-back alike. */
export const NOTIFICATION_RETRIES_QUEUE = 'notification-retries';
/** The broker's own entities: never a `replyTo`, whatever settings allow. */
export const BROKER_ENTITIES = [
  INTAKE_QUEUE,
  INTAKE_REJECTED_QUEUE,
  OPERATIONS_QUEUE,
  EVENTS_TOPIC,
  NOTIFICATION_RETRIES_QUEUE,
] as const;
