import {
  EVENTS_TOPIC,
  INTAKE_QUEUE,
  INTAKE_REJECTED_QUEUE,
  NOTIFICATION_RETRIES_QUEUE,
  NOTIFICATIONS_SUBSCRIPTION,
  OPERATIONS_QUEUE,
  TICKET_WRITE_BACK_SUBSCRIPTION,
} from '../src/adapters/serviceBus/queueNames.js';
import { noticeRetryMessage } from '../src/adapters/serviceBus/noticeRetryMessage.js';
import type { NoticeRetryScheduler } from '../src/core/notifications/redelivery.js';
import { rejectedMessage } from '../src/adapters/serviceBus/rejectedMessage.js';
import { replyMessage } from '../src/adapters/serviceBus/replyMessage.js';
import { nudgeMessage } from '../src/adapters/serviceBus/nudgeMessage.js';
import { eventMessage } from '../src/adapters/serviceBus/serviceBusEventPublisher.js';
import { systemClock } from '../src/adapters/systemClock.js';
import { loadConfig } from '../src/config.js';
import type { Clock } from '../src/core/clock.js';
import type { PolicyDocument } from '../src/core/policy/policyDocument.js';
import type { EventPublisher, Nudger, ReplySender, RequestStore } from '../src/core/ports.js';
import type { RejectedMessageSink } from '../src/core/rejectedMessageSink.js';
import type { RetrySettings } from '../src/core/retrySettings.js';
import type { NotifyRetry } from '../src/core/useCases/notifyEvent.js';
import { registeredFunctions } from '../src/functions/registry.js';
import { createServices, type ServiceOverrides, type Services, useServices } from '../src/wiring.js';
import { type RunningAzurite, startAzurite } from './azurite/startAzurite.js';
import { FunctionHost, type LogSink } from './functionHost/functionHost.js';
import { InProcessBus } from './localBus/inProcessBus.js';
import { LOCAL_POLICY } from './localPolicy.js';
import { DEV_TICKET_INTAKE_SETTINGS } from './ticketWebhooks.js';
import { type Sandboxes, type SandboxesOptions, startSandboxes } from './sandboxes.js';

export interface LocalEnvironmentOptions {
  clock?: Clock;
  policy?: PolicyDocument;
  retry?: RetrySettings;
  /** Options for the ARM and identity sandboxes, or `false` to use ARM_ENDPOINT and the normal credential chain. */
  sandboxes?: SandboxesOptions | false;
  azuritePort?: number;
  /** Table storage already running elsewhere (the benchmark's own Azurite process); absent: one is started here. */
  azurite?: RunningAzurite;
  /** The CA certificate of an ARM endpoint reached through ARM_ENDPOINT (a sandbox in another process). */
  armCa?: string;
  /** A file for Azurite's data, so a restart keeps it (fault tests); absent: in memory. */
  azuritePersistTo?: string;
  /** Table storage retries; outage tests ask for none, so each failing call fails at once. */
  storageRetries?: number;
  log?: LogSink;
  /** REPLY_TO_PREFIX for the local host; default `replies-` (or the environment's). */
  replyToPrefix?: string;
  /** SUBMISSIONS_PER_CALLER_PER_MINUTE for the local host; default the environment's (or the broker's default). */
  submissionsPerCallerPerMinute?: number;
  /** Wraps the table store (inside the step that publishes events), for fault injection in tests. */
  wrapStore?: (store: RequestStore) => RequestStore;
  /** Wraps the index of active work, for fault injection and counting in tests. */
  wrapIndex?: ServiceOverrides['wrapIndex'];
  /** Wraps the events publisher, for fault injection in tests. */
  wrapEvents?: (events: EventPublisher) => EventPublisher;
  /** Wraps the services the functions use (ARM, the ledger, the nudger...), for fault injection in tests. */
  wrapServices?: (services: Services) => Services;
  /** More settings for the local host (NOTIFY_* and APPROVAL_PAGE_BASE_URL), over the environment's. */
  settings?: Record<string, string>;
  /** Notification attempts and backoff; tests make it quick. */
  notifyRetry?: NotifyRetry;
}

export interface LocalEnvironment {
  azurite: RunningAzurite;
  /** Absent when a real ARM endpoint is used. */
  sandboxes?: Sandboxes;
  bus: InProcessBus;
  host: FunctionHost;
  services: Services;
  /**
   * A new instance of the app, as after the process died: services built again from the same settings, so
   * every in-memory cache (clients, role definitions) is gone; the functions use them from now on.
   */
  newInstance(): Promise<Services>;
  close(): Promise<void>;
}

/** A reply queue the local host declares, so a newcomer's `replyTo` has somewhere to go. */
export const LOCAL_REPLY_QUEUE = 'replies-local';

/** Nudges through the in-process bus, built by the same function that builds the Service Bus messages. */
export const busNudger = (bus: InProcessBus): Nudger => ({
  nudge: async (nudge, at) => bus.send(OPERATIONS_QUEUE, nudgeMessage(nudge, at)),
});

/** Replies go to whatever queue the local bus has under that name (sending to an unknown one fails, as in Azure). */
export const busReplies = (bus: InProcessBus): ReplySender => ({
  send: async (entity, reply) => bus.send(entity, replyMessage(reply)),
});

/** Events go to the local topic as the same messages the Service Bus publisher builds. */
export const busEvents = (bus: InProcessBus): EventPublisher => ({
  publish: async (events) => {
    for (const event of events) bus.send(EVENTS_TOPIC, eventMessage(event));
  },
});

/** Refused intake messages go to the rejected queue, built by the same function as in Azure. */
export const busRejected = (bus: InProcessBus): RejectedMessageSink => ({
  keep: async (message) => bus.send(INTAKE_REJECTED_QUEUE, rejectedMessage(message)),
});

/** A channel's retries go to the retry queue as the same scheduled messages as in Azure. */
const busNoticeRetries = (bus: InProcessBus): NoticeRetryScheduler => ({
  schedule: async (retry, at) => bus.send(NOTIFICATION_RETRIES_QUEUE, noticeRetryMessage(retry, at)),
});

/**
 * Outside the Functions host, @azure/functions warns that each registration is skipped: expected here,
 * since this host reads the registrations itself, so those warnings are held back.
 */
async function importFunctionsQuietly(): Promise<void> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (
      !/^WARNING: (Skipping call to register|Failed to detect the Azure Functions runtime)/.test(
        String(args[0]),
      )
    )
      warn(...args);
  };
  try {
    await import('../src/functions/all.js');
  } finally {
    console.warn = warn;
  }
}

/**
 * Everything the broker needs, on this machine: Azurite, the ARM and managed-identity sandboxes, the
 * in-process bus, and the real function handlers wired to them. ARM tokens come from the identity
 * sandbox through IDENTITY_ENDPOINT/IDENTITY_HEADER, exactly as in Azure.
 */
export async function startLocalEnvironment(
  options: LocalEnvironmentOptions = {},
): Promise<LocalEnvironment> {
  const clock = options.clock ?? systemClock;
  const [azurite, sandboxes] = await Promise.all([
    options.azurite ??
      startAzurite({
        ...(options.azuritePort === undefined ? {} : { port: options.azuritePort }),
        ...(options.azuritePersistTo === undefined ? {} : { persistTo: options.azuritePersistTo }),
      }),
    options.sandboxes === false ? undefined : startSandboxes(options.sandboxes),
  ]);
  // @azure/identity reads these when the credential is created, as it does in a Functions app.
  if (sandboxes) Object.assign(process.env, sandboxes.env);
  const policyFromEnv = !options.policy && (process.env.POLICY || process.env.POLICY_FILE);
  const config = loadConfig(
    {
      // Development secrets for the ticket intakes, so `npm start` takes signed test webhooks; the environment wins.
      ...DEV_TICKET_INTAKE_SETTINGS,
      ...process.env,
      ...sandboxes?.env,
      StateStorage: azurite.connectionString,
      REPLY_TO_PREFIX: options.replyToPrefix ?? process.env.REPLY_TO_PREFIX ?? 'replies-',
      ...(options.submissionsPerCallerPerMinute === undefined
        ? {}
        : { SUBMISSIONS_PER_CALLER_PER_MINUTE: String(options.submissionsPerCallerPerMinute) }),
      ...(policyFromEnv
        ? {}
        : { POLICY: JSON.stringify(options.policy ?? LOCAL_POLICY), POLICY_FILE: undefined }),
      ...options.settings,
    },
    { requireServiceBus: false },
  );
  const bus = new InProcessBus(clock);
  bus.declareQueue(INTAKE_QUEUE, { maxDeliveryCount: 10 });
  bus.declareQueue(INTAKE_REJECTED_QUEUE); // nothing consumes it: an operator reads and replays it
  bus.declareQueue(OPERATIONS_QUEUE, { sessions: true, maxDeliveryCount: 10 });
  // Where a newcomer's replyTo can point (REPLY_TO_PREFIX is `replies-` locally): requestInvalid, planResult.
  bus.declareQueue(LOCAL_REPLY_QUEUE);
  // The notifier's and the write-back's subscriptions only where a channel is set: otherwise nothing would be
  // sent, and every drain would count their deliveries. The retry queue is empty unless a channel fails.
  bus.declareTopic(EVENTS_TOPIC, {
    subscriptions: [
      ...(config.ticketWriteBack ? [TICKET_WRITE_BACK_SUBSCRIPTION] : []),
      ...(config.notifications ? [NOTIFICATIONS_SUBSCRIPTION] : []),
    ],
  });
  bus.declareQueue(NOTIFICATION_RETRIES_QUEUE, { maxDeliveryCount: 10 });
  const build = async () => {
    const built = await createServices(config, {
      nudger: busNudger(bus),
      replies: busReplies(bus),
      rejected: busRejected(bus),
      noticeRetries: busNoticeRetries(bus),
      events: options.wrapEvents ? options.wrapEvents(busEvents(bus)) : busEvents(bus),
      ...(options.wrapStore ? { wrapStore: options.wrapStore } : {}),
      ...(options.wrapIndex ? { wrapIndex: options.wrapIndex } : {}),
      clock,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.notifyRetry ? { notifyRetry: options.notifyRetry } : {}),
      ...(options.storageRetries === undefined ? {} : { storageRetries: options.storageRetries }),
      trustEasyAuth: true, // development mode: the local host stands in for Easy Auth
      ...(sandboxes ? { armCa: sandboxes.arm.ca } : options.armCa ? { armCa: options.armCa } : {}),
    });
    return options.wrapServices ? options.wrapServices(built) : built;
  };
  const services = await build();
  useServices(services);
  await importFunctionsQuietly();
  const host = new FunctionHost(registeredFunctions, options.log);
  host.attach(bus);
  return {
    azurite,
    ...(sandboxes ? { sandboxes } : {}),
    bus,
    host,
    services,
    newInstance: async () => {
      const fresh = await build();
      useServices(fresh);
      return fresh;
    },
    close: async () => {
      await bus.stop();
      await Promise.all([azurite.close(), sandboxes?.close()]);
    },
  };
}
