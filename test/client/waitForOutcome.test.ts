import type { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { OutcomeTimeoutError } from '../../src/client/outcomeTimeoutError.js';
import type { RequestEventMessage } from '../../src/client/requestEventSchema.js';
import { waitForOutcome } from '../../src/client/waitForOutcome.js';
import { PushReceiver, receivedEvent } from './support/fakeBus.js';

const TARGET =
  '/subscriptions/a05fbbd9-8ab0-444d-8f67-8b5713b8eef5/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/aa';

/** An event as the broker publishes it (docs/events.md): subject = type, messageId = `<requestId>-<version>`. */
const event = (
  requestId: string,
  version: number,
  type: string,
  state: string,
  correlationId: string,
): ServiceBusReceivedMessage =>
  receivedEvent({
    messageId: `${requestId}-${version}`,
    subject: type,
    correlationId,
    body: { type, requestId, state, target: TARGET, at: '2026-12-01T10:00:00.000Z' },
  });

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('waitForOutcome', () => {
  it('returns the first terminal event with the submission’s correlation ID, ignoring others and duplicates', async () => {
    const receiver = new PushReceiver();
    const seen: RequestEventMessage[] = [];
    const outcome = waitForOutcome(
      { receiver },
      { correlationId: 'order-42', timeoutMs: 5_000, onEvent: (e) => seen.push(e) },
    );
    await receiver.push(
      event('r1', 1, 'approvalRequested', 'awaitingApproval', 'order-42'),
      event('r2', 1, 'requestDenied', 'denied', 'someone-else'), // terminal, but not ours
      event('r1', 1, 'approvalRequested', 'awaitingApproval', 'order-42'), // a duplicate delivery
      receivedEvent({ messageId: 'x', subject: 'noise', body: 'not an event' }), // no correlation ID at all
      event('r1', 2, 'requestApproved', 'approved', 'order-42'),
      event('r1', 3, 'applyStarted', 'applying', 'order-42'),
      event('r1', 4, 'requestSucceeded', 'succeeded', 'order-42'),
    );
    const result = await outcome;
    expect(result).toMatchObject({
      messageId: 'r1-4',
      subject: 'requestSucceeded',
      correlationId: 'order-42',
      body: { requestId: 'r1', state: 'succeeded', target: TARGET },
    });
    expect(seen.map((e) => e.messageId)).toEqual(['r1-1', 'r1-2', 'r1-3', 'r1-4']);
    expect(receiver.open).toBe(0);
  });

  it('accepts a body that arrives as JSON text or bytes', async () => {
    const receiver = new PushReceiver();
    const outcome = waitForOutcome({ receiver }, { correlationId: 'c', timeoutMs: 5_000 });
    const { body, ...rest } = event('r1', 2, 'requestRejected', 'rejected', 'c');
    await receiver.push(receivedEvent({ ...rest, body: Buffer.from(JSON.stringify(body)) }));
    await expect(outcome).resolves.toMatchObject({ body: { state: 'rejected' } });
  });

  it('times out with a typed error and closes its subscription when no terminal event comes', async () => {
    const receiver = new PushReceiver();
    const outcome = waitForOutcome({ receiver }, { correlationId: 'order-42', timeoutMs: 50 });
    await receiver.push(event('r1', 1, 'approvalRequested', 'awaitingApproval', 'order-42'));
    const error = await outcome.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutcomeTimeoutError);
    expect(error).toMatchObject({ code: 'outcomeTimeout', correlationId: 'order-42', timeoutMs: 50 });
    expect(receiver.open).toBe(0);
  });

  it('fails, rather than waiting out the timeout, when an event of ours does not match the contract', async () => {
    const receiver = new PushReceiver();
    const outcome = waitForOutcome({ receiver }, { correlationId: 'c', timeoutMs: 5_000 });
    await receiver.push(receivedEvent({ messageId: 'r1-1', correlationId: 'c', body: { type: 'x' } }));
    await expect(outcome).rejects.toThrow(/r1-1.*state/);
    expect(receiver.open).toBe(0);
  });

  it('given a client, receives on the named subscription of the events topic and closes the receiver', async () => {
    const opened: Array<{ topic: string; subscription: string; receiver: PushReceiver }> = [];
    const client = {
      createReceiver: (topic: string, subscription: string) => {
        const receiver = new PushReceiver();
        opened.push({ topic, subscription, receiver });
        return receiver;
      },
    } as unknown as ServiceBusClient;
    const outcome = waitForOutcome(
      { client, subscription: 'provisioning' },
      { correlationId: 'c', timeoutMs: 5_000 },
    );
    await tick();
    await opened[0]?.receiver.push(event('r1', 1, 'requestDenied', 'denied', 'c'));
    await expect(outcome).resolves.toMatchObject({ subject: 'requestDenied' });
    expect(opened.map((o) => [o.topic, o.subscription, o.receiver.closed])).toEqual([
      ['identity-request-events', 'provisioning', true],
    ]);
  });
});
