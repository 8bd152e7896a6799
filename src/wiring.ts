import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { createArmBudget } from './adapters/arm/armBudget.js';
import { lazyArmGateway } from './adapters/arm/lazyArmGateway.js';
import {
  EVENTS_TOPIC,
  INTAKE_REJECTED_QUEUE,
  NOTIFICATION_RETRIES_QUEUE,
  OPERATIONS_QUEUE,
} from './adapters/serviceBus/queueNames.js';
import { createServiceBusEventPublisher } from './adapters/serviceBus/serviceBusEventPublisher.js';
import { createServiceBusNudger } from './adapters/serviceBus/serviceBusNudger.js';
import { createServiceBusRejectedMessageSink } from './adapters/serviceBus/serviceBusRejectedMessageSink.js';
import { createServiceBusReplySender } from './adapters/serviceBus/serviceBusReplySender.js';
import { approverChannels, notifier } from './adapters/notifications/notifier.js';
import { createServiceBusNoticeRetryScheduler } from './adapters/serviceBus/serviceBusNoticeRetryScheduler.js';
import { writeBackChannels } from './adapters/tickets/writeBackChannels.js';
import type { NoticeRetryScheduler, RedeliveryBackoff } from './core/notifications/redelivery.js';
import {
  ACTIVE_WORK_TABLE,
  GRANT_LEDGER_TABLE,
  IDEMPOTENCY_TABLE,
  NOTIFICATIONS_SENT_TABLE,
  REQUESTS_TABLE,
  SUBMISSION_COUNTS_TABLE,
} from './adapters/tables/tableNames.js';
import { createTableSubmissionCounter } from './adapters/tables/tableSubmissionCounter.js';
import { createTableGrantLedger, createTableGrantLedgerPruner } from './adapters/tables/tableGrantLedger.js';
import { createTableRequestStore } from './adapters/tables/tableRequestStore.js';
import { createTableActiveWorkIndex } from './adapters/tables/tableActiveWorkIndex.js';
import { createTableRequestPruner } from './adapters/tables/tableRequestPruner.js';
import type { ActiveWorkIndex } from './core/activeWork/activeWorkIndex.js';
import type { RequestPruner } from './core/activeWork/prunePort.js';
import { withActiveWork } from './core/activeWork/withActiveWork.js';
import { type Config, loadConfig } from './config.js';
import { systemClock } from './adapters/systemClock.js';
import type { Actor } from './core/caller.js';
import type { Clock } from './core/clock.js';
import { createDocumentPolicy } from './core/policy/documentPolicy.js';
import { resolveSender } from './core/policy/resolveSender.js';
import type { GrantLedger, GrantLedgerPruner } from './core/grantLedger.js';
import { withPublishing } from './core/publishingStore.js';
import type {
  ArmBudget,
  ArmGateway,
  EventPublisher,
  Nudger,
  Policy,
  ReplySender,
  RequestStore,
  SubmissionCounter,
} from './core/ports.js';
import type { RejectedMessageSink } from './core/rejectedMessageSink.js';
import { DEFAULT_RETRY, type RetrySettings } from './core/retrySettings.js';
import type { NotifyDeps, NotifyRetry } from './core/useCases/notifyEvent.js';

/** Everything the functions need, built once per process. */
export interface Services {
  store: RequestStore;
  /** The index of active work the store keeps and the sweeper and the pending list read (docs/storage.md). */
  activeWork: ActiveWorkIndex;
  /** Removes a finished request's records: retention, run by the sweeper. */
  pruner: RequestPruner;
  /** RETENTION_DAYS: finished requests older than this are pruned; absent: kept for ever. */
  retentionDays?: number;
  /** Who holds each role assignment the broker made or relies on. */
  ledger: GrantLedger;
  /** Removes ledger entries no request holds any more: retention, run by the sweeper. */
  ledgerPruner: GrantLedgerPruner;
  arm: ArmGateway;
  /** ARM's write budget per subscription, as ARM's answers report it; absent when pacing is off. */
  budget?: ArmBudget;
  policy: Policy;
  /** Answers to other services' `replyTo`. */
  replies: ReplySender;
  /** Replies go only to entities whose names start with this; unset: none. */
  replyToPrefix?: string;
  /** Where refused intake messages are kept, as they came, with the reason. */
  rejected: RejectedMessageSink;
  /** The requester a queue message's `requestedBy` names, if it names an identity. */
  senderOf(requestedBy: string): Actor | undefined;
  nudger: Nudger;
  /** The `identity-request-events` topic; the store publishes each commit's outbox through it. */
  events: EventPublisher;
  clock: Clock;
  /** Each HTTP caller's submissions this minute, counted in Table storage across instances. */
  submissions: SubmissionCounter;
  retry: RetrySettings;
  /** The channels approvers are told through (none configured: an empty list), and what it needs. */
  notify: NotifyDeps;
  /** The write-back to a request's own ticket (ServiceNow, Jira; none configured: an empty list). */
  writeBack: NotifyDeps;
  /** Whether Easy Auth's identity headers were set by the platform. */
  trustEasyAuth: boolean;
  /** The ServiceNow and Jira webhook intakes that are on, with their secrets and field mappings. */
  ticketIntake: Config['ticketIntake'];
  /** Table storage answers: for the health probe. */
  checkStorage(): Promise<void>;
  /** An ARM token can be had; @azure/identity caches it, so the health probe stays cheap. */
  armTokenAvailable(): Promise<boolean>;
}

export interface ServiceOverrides {
  credential?: TokenCredential;
  nudger?: Nudger;
  replies?: ReplySender;
  rejected?: RejectedMessageSink;
  events?: EventPublisher;
  /** Wraps the table store inside the publishing step, for fault injection and counting in tests. */
  wrapStore?: (store: RequestStore) => RequestStore;
  /** Wraps the index of active work, for fault injection and counting in tests. */
  wrapIndex?: (index: ActiveWorkIndex) => ActiveWorkIndex;
  clock?: Clock;
  retry?: RetrySettings;
  trustEasyAuth?: boolean;
  /** Extra CA certificate for ARM (the local sandbox's). */
  armCa?: string;
  /** Table storage retries (the SDK's default: 3, backing off from 1 s); outage tests ask for fewer. */
  storageRetries?: number;
  /** Attempts and backoff of one notification delivery; tests make it quick. */
  notifyRetry?: NotifyRetry;
  /** Where a channel's scheduled retries go (the local bus); default the notification-retries queue. */
  noticeRetries?: NoticeRetryScheduler;
  /** Delays between a failing channel's retries. */
  redeliveryBackoff?: RedeliveryBackoff;
}

function tableClient(
  config: Config,
  table: string,
  credential: TokenCredential,
  retries?: number,
): TableClient {
  const storage = config.stateStorage;
  const retryOptions = retries === undefined ? {} : { retryOptions: { maxRetries: retries } };
  if ('connectionString' in storage)
    return TableClient.fromConnectionString(storage.connectionString, table, {
      allowInsecureConnection:
        /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true|TableEndpoint=http:/i.test(
          storage.connectionString,
        ),
      ...retryOptions,
    });
  return new TableClient(storage.endpoint, table, credential, retryOptions);
}

async function ensureTable(client: TableClient): Promise<void> {
  await client.createTable(); // already there is success: the SDK swallows 409 TableAlreadyExists
}

/** The one place SDK clients and adapters are built. Seams are parameters with defaults. */
export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services> {
  const credential = overrides.credential ?? new DefaultAzureCredential();
  const requests = tableClient(config, REQUESTS_TABLE, credential, overrides.storageRetries);
  const keys = tableClient(config, IDEMPOTENCY_TABLE, credential, overrides.storageRetries);
  const ledger = tableClient(config, GRANT_LEDGER_TABLE, credential, overrides.storageRetries);
  const counts = tableClient(config, SUBMISSION_COUNTS_TABLE, credential, overrides.storageRetries);
  const work = tableClient(config, ACTIVE_WORK_TABLE, credential, overrides.storageRetries);
  await Promise.all([
    ensureTable(requests),
    ensureTable(keys),
    ensureTable(ledger),
    ensureTable(counts),
    ensureTable(work),
  ]);
  const tableIndex = createTableActiveWorkIndex(work);
  const activeWork = overrides.wrapIndex?.(tableIndex) ?? tableIndex;
  const bus = await messaging(config, credential, overrides);
  const budgetClock = overrides.clock ?? systemClock;
  // Deletes have a bucket of their own at ARM, of the same documented size.
  const budget =
    config.armWriteBudget &&
    createArmBudget({
      write: config.armWriteBudget,
      delete: config.armWriteBudget,
      now: () => budgetClock.now().getTime(),
    });
  const tableStore = createTableRequestStore({ requests, keys });
  const sent = tableClient(config, NOTIFICATIONS_SENT_TABLE, credential, overrides.storageRetries);
  if (config.notifications || config.ticketWriteBack) await ensureTable(sent);
  const clock = overrides.clock ?? systemClock;
  const noticeParts = {
    store: tableStore,
    sent,
    clock,
    retries: bus.noticeRetries,
    ...(overrides.notifyRetry ? { retry: overrides.notifyRetry } : {}),
    ...(overrides.redeliveryBackoff ? { backoff: overrides.redeliveryBackoff } : {}),
  };
  return {
    // The index is kept beneath the publishing step: its entry is written before each change it covers.
    store: withPublishing(
      withActiveWork(overrides.wrapStore?.(tableStore) ?? tableStore, activeWork),
      bus.events,
      (id, e) =>
        // The events stay in the outbox: the sweeper sends them within five minutes.
        console.warn(
          `events of request ${id} not published yet: ${e instanceof Error ? e.message : String(e)}`,
        ),
    ),
    activeWork,
    pruner: createTableRequestPruner({ requests, keys }),
    ...(config.retentionDays === undefined ? {} : { retentionDays: config.retentionDays }),
    ledger: createTableGrantLedger(ledger),
    ledgerPruner: createTableGrantLedgerPruner(ledger),
    arm: lazyArmGateway(async () =>
      (await import('./adapters/arm/createArmGateway.js')).createArmGateway(
        credential,
        { endpoint: config.armEndpoint, ...(overrides.armCa ? { ca: overrides.armCa } : {}) },
        budget,
      ),
    ),
    ...(budget ? { budget } : {}),
    policy: createDocumentPolicy(config.policy),
    senderOf: (requestedBy) => resolveSender(requestedBy, config.policy.services),
    ...(config.replyToPrefix ? { replyToPrefix: config.replyToPrefix } : {}),
    ...bus,
    clock,
    submissions: createTableSubmissionCounter(counts, config.submissionsPerCallerPerMinute),
    retry: overrides.retry ?? DEFAULT_RETRY,
    notify: notifier(approverChannels(config.notifications, clock), {
      ...noticeParts,
      baseUrl: config.notifications?.approvalPageBaseUrl ?? '',
    }),
    writeBack: notifier(writeBackChannels(config.ticketWriteBack, { credential, clock }), {
      ...noticeParts,
      baseUrl: config.ticketWriteBack?.approvalPageBaseUrl ?? '',
    }),
    trustEasyAuth: overrides.trustEasyAuth ?? config.trustEasyAuth,
    ticketIntake: config.ticketIntake,
    checkStorage: async () => {
      await requests.getEntity('health', 'probe').catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 404) throw e;
      });
    },
    armTokenAvailable: () =>
      credential.getToken(`${config.armEndpoint}/.default`).then(
        (token) => token !== null,
        () => false,
      ),
  };
}

async function messaging(
  config: Config,
  credential: TokenCredential,
  overrides: ServiceOverrides,
): Promise<{
  nudger: Nudger;
  replies: ReplySender;
  rejected: RejectedMessageSink;
  events: EventPublisher;
  noticeRetries: NoticeRetryScheduler;
}> {
  const { nudger, replies, rejected, events, noticeRetries } = overrides;
  if (nudger && replies && rejected && events && noticeRetries)
    return { nudger, replies, rejected, events, noticeRetries };
  const connection = config.serviceBus;
  if (!connection) throw new Error('ServiceBusConnection__fullyQualifiedNamespace is not set');
  // Loaded only where Service Bus is real: the local host and tests never pay for it.
  const { ServiceBusClient } = await import('@azure/service-bus');
  const client =
    'connectionString' in connection
      ? new ServiceBusClient(connection.connectionString)
      : new ServiceBusClient(connection.endpoint, credential);
  return {
    nudger: overrides.nudger ?? createServiceBusNudger(client.createSender(OPERATIONS_QUEUE)),
    replies: overrides.replies ?? createServiceBusReplySender(client),
    rejected:
      overrides.rejected ?? createServiceBusRejectedMessageSink(client.createSender(INTAKE_REJECTED_QUEUE)),
    events: overrides.events ?? createServiceBusEventPublisher(client.createSender(EVENTS_TOPIC)),
    noticeRetries:
      overrides.noticeRetries ??
      createServiceBusNoticeRetryScheduler(client.createSender(NOTIFICATION_RETRIES_QUEUE)),
  };
}

let current: Promise<Services> | undefined;

/** The process's services: from the environment unless a host installed its own. */
export function services(): Promise<Services> {
  current ??= createServices(loadConfig(process.env)).catch((e: unknown) => {
    current = undefined; // a failed start (storage not up yet) is retried on the next invocation
    throw e;
  });
  return current;
}

/** For the local host and tests: the functions use these services from now on. */
export function useServices(value: Services | Promise<Services>): void {
  current = Promise.resolve(value);
}
