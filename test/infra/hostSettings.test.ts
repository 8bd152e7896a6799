// host.json against the queues in infra/modules/serviceBus.bicep and the triggers the app registers.
// Each rule is the documented meaning of a setting (docs/host-settings.md cites the sources).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTAKE_QUEUE,
  NOTIFICATION_RETRIES_QUEUE,
  OPERATIONS_QUEUE,
} from '../../src/adapters/serviceBus/queueNames.js';
import { DEFAULT_NOTIFY_RETRY } from '../../src/adapters/notifications/notifier.js';
import { at, literal, loadModule, type Literal, repoRoot, resourcesOfType } from './bicepTree.js';

interface ServiceBusHostSettings {
  prefetchCount: number;
  autoCompleteMessages: boolean;
  maxAutoLockRenewalDuration: string;
  maxConcurrentCalls: number;
  maxConcurrentSessions: number;
  maxConcurrentCallsPerSession: number;
  sessionIdleTimeout: string;
}

interface HostJson {
  functionTimeout: string;
  extensionBundle: { id: string; version: string };
  extensions: { serviceBus: ServiceBusHostSettings };
  logging: { logLevel: Record<string, string> };
}

const host = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as HostJson;
const serviceBus = host.extensions.serviceBus;

/** host.json TimeSpan `hh:mm:ss` in seconds. */
function timeSpan(value: string): number {
  const match = /^(\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`not a hh:mm:ss time span: ${value}`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** ISO 8601 duration (PT1M, PT10M, P14D) in seconds. */
function isoDuration(value: Literal | undefined): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(String(value));
  if (!match) throw new Error(`not an ISO 8601 duration: ${String(value)}`);
  const [, d = 0, h = 0, m = 0, s = 0] = match;
  return Number(d) * 86400 + Number(h) * 3600 + Number(m) * 60 + Number(s);
}

async function queues(): Promise<Map<string, Record<string, Literal>>> {
  const file = await loadModule('serviceBus');
  return new Map(
    resourcesOfType(file, 'Microsoft.ServiceBus/namespaces/queues').map((q) => [
      String(literal(at(q.body, 'name'))),
      literal(at(q.body, 'properties')) as Record<string, Literal>,
    ]),
  );
}

/**
 * The executor's longest step (src/core/useCases/advanceRequest.ts): one ARM request with the SDK's retries
 * off (src/adapters/arm/armClientOptions.ts), a managed-identity token (its retries give up after about
 * 4.6 s), a cached role-definition lookup, and two or three table writes. Waits are persisted, never slept.
 */
const LONGEST_STEP_SECONDS = 30;

/** ARM's read bucket per principal and region, and what one submission reads (issue 6). */
const ARM_READ_BUCKET = 250;
const ARM_READS_PER_SUBMISSION = 43;

async function triggers() {
  await import('../../src/functions/all.js');
  const { registeredFunctions } = await import('../../src/functions/registry.js');
  return registeredFunctions as unknown as {
    name: string;
    queueName?: string;
    isSessionsEnabled?: boolean;
    topicName?: string;
    subscriptionName?: string;
  }[];
}

async function subscriptions(): Promise<string[]> {
  const file = await loadModule('serviceBus');
  return resourcesOfType(file, 'Microsoft.ServiceBus/namespaces/topics/subscriptions').map((s) =>
    String(literal(at(s.body, 'name'))),
  );
}

/** One notification delivery at its longest: every channel times out (10 s) on each attempt, with the waits between. */
const CHANNEL_TIMEOUT_SECONDS = 10;
const LONGEST_NOTICE_CHANNELS = 3;

describe('host.json and the Service Bus queues agree', () => {
  it('the operations queue requires sessions and the executor trigger is session-enabled; the intake is not', async () => {
    const q = await queues();
    expect(q.get(OPERATIONS_QUEUE)?.requiresSession).toBe(true);
    expect(q.get(INTAKE_QUEUE)?.requiresSession ?? false).toBe(false);
    const byQueue = new Map((await triggers()).filter((f) => f.queueName).map((f) => [f.queueName, f]));
    expect(byQueue.get(OPERATIONS_QUEUE)?.name).toBe('executeOperations');
    expect(byQueue.get(OPERATIONS_QUEUE)?.isSessionsEnabled).toBe(true);
    expect(byQueue.get(INTAKE_QUEUE)?.isSessionsEnabled ?? false).toBe(false);
  });

  it('each queue lock lasts longer than the longest step, so a normal step needs no renewal', async () => {
    for (const [name, properties] of await queues())
      expect(isoDuration(properties.lockDuration), name).toBeGreaterThan(LONGEST_STEP_SECONDS);
  });

  it('maxAutoLockRenewalDuration exceeds every lock duration and is at least functionTimeout, so a running execution never outlives its lock', async () => {
    const renewal = timeSpan(serviceBus.maxAutoLockRenewalDuration);
    for (const [name, properties] of await queues())
      expect(renewal, name).toBeGreaterThan(isoDuration(properties.lockDuration));
    expect(renewal).toBeGreaterThanOrEqual(timeSpan(host.functionTimeout));
  });

  it('functionTimeout covers the longest step and stays under the Flex Consumption default of 30 minutes', () => {
    const timeout = timeSpan(host.functionTimeout);
    expect(timeout).toBeGreaterThan(LONGEST_STEP_SECONDS);
    expect(timeout).toBeLessThanOrEqual(30 * 60);
  });

  it('the duplicate detection window outlasts a lost lock, so a step redone after redelivery re-sends a nudge that is dropped', async () => {
    const operations = (await queues()).get(OPERATIONS_QUEUE)!;
    expect(operations.requiresDuplicateDetection).toBe(true);
    const redelivery = timeSpan(serviceBus.maxAutoLockRenewalDuration) + isoDuration(operations.lockDuration);
    expect(isoDuration(operations.duplicateDetectionHistoryTimeWindow)).toBeGreaterThanOrEqual(redelivery);
  });

  it('every queue redelivers a thrown delivery before dead-lettering it (maxDeliveryCount of at least 2)', async () => {
    for (const [name, properties] of await queues())
      expect(Number(properties.maxDeliveryCount), name).toBeGreaterThanOrEqual(2);
  });

  it('every Service Bus trigger reads a queue or a topic subscription that infra declares', async () => {
    const q = await queues();
    const subs = await subscriptions();
    for (const f of await triggers()) {
      if (f.queueName) expect(q.has(f.queueName), f.name).toBe(true);
      if (f.subscriptionName) expect(subs, f.name).toContain(f.subscriptionName);
    }
    expect((await triggers()).find((f) => f.queueName === NOTIFICATION_RETRIES_QUEUE)?.name).toBe(
      'retryNotifications',
    );
  });

  it('the retry queue drops a retry scheduled twice by an event delivered again after a lost lock', async () => {
    const retries = (await queues()).get(NOTIFICATION_RETRIES_QUEUE)!;
    expect(retries.requiresDuplicateDetection).toBe(true);
    const redelivery = timeSpan(serviceBus.maxAutoLockRenewalDuration) + isoDuration(retries.lockDuration);
    expect(isoDuration(retries.duplicateDetectionHistoryTimeWindow)).toBeGreaterThanOrEqual(redelivery);
  });

  it('a notification delivery at its longest (every channel timing out on each attempt) ends within lock renewal', () => {
    const { attempts, maxDelayMs } = DEFAULT_NOTIFY_RETRY;
    const perChannel = attempts * CHANNEL_TIMEOUT_SECONDS + ((attempts - 1) * maxDelayMs) / 1000;
    expect(LONGEST_NOTICE_CHANNELS * perChannel).toBeLessThan(
      timeSpan(serviceBus.maxAutoLockRenewalDuration),
    );
  });

  it('one call per session (one writer per target) and an idle session released well within its lock', async () => {
    expect(serviceBus.maxConcurrentCallsPerSession).toBe(1);
    const operations = (await queues()).get(OPERATIONS_QUEUE)!;
    expect(timeSpan(serviceBus.sessionIdleTimeout)).toBeLessThan(isoDuration(operations.lockDuration) / 2);
    expect(serviceBus.maxConcurrentSessions).toBeGreaterThanOrEqual(1);
  });

  it('no prefetch: a prefetched message would spend its lock waiting behind the one in hand', () => {
    expect(serviceBus.prefetchCount).toBe(0);
  });

  it('intake concurrency per instance fits one ARM read bucket (maxConcurrentCalls × reads per submission)', () => {
    expect(serviceBus.maxConcurrentCalls * ARM_READS_PER_SUBMISSION).toBeLessThanOrEqual(ARM_READ_BUCKET);
  });

  it('uses extension bundle 4.x, which Flex Consumption requires and which carries the Service Bus extension 5.x', () => {
    expect(host.extensionBundle).toEqual({
      id: 'Microsoft.Azure.Functions.ExtensionBundle',
      version: '[4.0.0, 5.0.0)',
    });
  });

  it("keeps a request row for every invocation and the app's own lines, and quiets the host", () => {
    expect(host.logging.logLevel).toMatchObject({
      default: 'Warning',
      Function: 'Information',
      'Host.Results': 'Information',
    });
  });
});
