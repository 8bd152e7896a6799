// Service Bus: the intake queue other services submit to, the queue refused intake messages are kept on,
// the broker's own session-enabled work queue, the queue of scheduled notification retries, and the topic
// request events are published on. Local (SAS) authentication is off.

param name string
param location string
param tags object = {}

resource namespace 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: name
  location: location
  tags: tags
  // Standard: sessions, duplicate detection and topics are not available on Basic.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  // src/adapters/serviceBus/queueNames.ts: INTAKE_QUEUE. Invalid messages are forwarded by the app to the
  // rejected queue below; messages that keep failing (an outage) reach the dead-letter queue after 10 deliveries.
  resource intakeQueue 'queues' = {
    name: 'identity-requests'
    properties: {
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
    }
  }

  // src/adapters/serviceBus/queueNames.ts: INTAKE_REJECTED_QUEUE. Refused intake messages as they came, with
  // DeadLetterReason/DeadLetterErrorDescription properties, for an operator to read and replay (a Node function
  // cannot dead-letter with a reason). Nothing consumes it, so messages live long; duplicate detection keeps a
  // refusal that was forwarded twice (a redelivery after a lost completion) once.
  resource intakeRejectedQueue 'queues' = {
    name: 'identity-requests-rejected'
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P90D'
    }
  }

  // src/adapters/serviceBus/queueNames.ts: OPERATIONS_QUEUE. One session per target (one writer per
  // target at a time); a nudge sent twice within 10 minutes is dropped by duplicate detection.
  resource operationsQueue 'queues' = {
    name: 'identity-operations'
    properties: {
      requiresSession: true
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P14D'
    }
  }

  // src/adapters/serviceBus/queueNames.ts: NOTIFICATION_RETRIES_QUEUE. One channel's next try at one event,
  // scheduled (30 s, doubling, up to 15 min; 8 retries over about an hour) so a channel that is down does not
  // spend the subscription's deliveries in seconds, and nothing holds a lock while it waits. A retry scheduled
  // twice (its event delivered again) has the same messageId and is dropped. Only a thrown delivery (storage
  // down) is redelivered; ten of them reach the dead-letter queue.
  resource notificationRetriesQueue 'queues' = {
    name: 'notification-retries'
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: 'P1D'
    }
  }

  // Every event's messageId is the request ID and its version: a resend after a lost publish is dropped here.
  resource eventsTopic 'topics' = {
    name: 'identity-request-events'
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT10M'
      defaultMessageTimeToLive: 'P14D'
    }

    // The ticket write-back (ServiceNow work notes, Jira comments and transitions): a failing ticket system
    // gets scheduled retries on notification-retries; other services add their own subscriptions.
    resource ticketWriteBack 'subscriptions' = {
      name: 'ticket-write-back'
      properties: {
        maxDeliveryCount: 10
        deadLetteringOnMessageExpiration: true
        lockDuration: 'PT1M'
      }
    }

    // The notifier (Teams, Slack, signed webhook): a failing channel gets scheduled retries on notification-retries.
    resource notifications 'subscriptions' = {
      name: 'notifications'
      properties: {
        maxDeliveryCount: 10
        deadLetteringOnMessageExpiration: true
        lockDuration: 'PT1M'
      }
    }
  }
}

output id string = namespace.id
output name string = namespace.name
// https://<name>.servicebus.windows.net:443/ -> <name>.servicebus.windows.net
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]
