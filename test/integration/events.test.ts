import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { EVENTS_TOPIC } from '../../src/adapters/serviceBus/queueNames.js';
import type { OutboxEvent } from '../../src/core/outboxEvent.js';
import type { EventPublisher } from '../../src/core/ports.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

/** A publisher that, once armed, dies on the publish holding `subject`: before sending, or after sending (before the outbox is marked). */
const fault: { subject?: string; when?: 'beforeSend' | 'afterSend' } = {};
const sent: OutboxEvent[] = [];
const faulty = (real: EventPublisher): EventPublisher => ({
  async publish(events) {
    const hit = fault.subject !== undefined && events.some((e) => e.subject === fault.subject);
    const when = fault.when;
    if (hit) delete fault.subject;
    if (hit && when === 'beforeSend') throw new Error('injected: the process died before publishing');
    sent.push(...events);
    await real.publish(events);
    if (hit) throw new Error('injected: the process died after publishing');
  },
});

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ wrapEvents: faulty });
});
afterAll(() => broker.close());
beforeEach(async () => {
  await broker.reset();
  sent.length = 0;
  delete fault.subject;
});

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'runbook needs an identity',
  ticket: { system: 'jira', id: 'OPS-7' },
};
const LIFE = ['approvalRequested', 'requestApproved', 'applyStarted', 'requestSucceeded'];
const topic = () => broker.bus.topicMessages(EVENTS_TOPIC);

async function liveOneRequest(): Promise<string> {
  const submitted = await broker.submit(body, { headers: { 'x-correlation-id': 'change-4711' } });
  expect(submitted.status).toBe(202);
  const id: string = submitted.json.id;
  expect((await broker.approve(id)).status).toBe(200);
  await broker.run();
  expect((await broker.get(id)).json.state).toBe('succeeded');
  return id;
}

/** The sweeper's next pass, past the grace it leaves a publish in flight. */
async function sweepLater() {
  broker.clock.advanceTo(new Date(broker.clock.now().getTime() + 6 * 60_000));
  await broker.host.runTimer('sweepRequests');
}

describe('request events on the identity-request-events topic', () => {
  it('publishes every state change of a request, in order, as the contract shapes it', async () => {
    const id = await liveOneRequest();
    const messages = topic();
    expect(messages.map((m) => m.subject)).toEqual(LIFE);
    const history = (await broker.get(id)).json.history as Array<{ sequence: number; type: string }>;
    expect(messages.map((m) => m.messageId)).toEqual(
      LIFE.map((type) => `${id}-${history.find((e) => e.type === type)?.sequence}`),
    );
    for (const m of messages) expect(m.correlationId).toBe('change-4711');
    expect(messages.map((m) => (m.body as { state: string }).state)).toEqual([
      'awaitingApproval',
      'approved',
      'applying',
      'succeeded',
    ]);
    expect(messages.at(-1)?.body).toMatchObject({
      type: 'requestSucceeded',
      requestId: id,
      target: AUTOMATION_ACCOUNT_PLAIN,
      ticket: { system: 'jira', id: 'OPS-7' },
      results: [expect.objectContaining({ status: 'succeeded', principalId: expect.any(String) })],
    });
    // Published by each commit; the rows stay (removing them would be a second write per change) until
    // the sweeper's pass removes them, resending within the topic's duplicate window, which drops the copies.
    expect((await broker.services.store.listUnpublished({ limit: 10 })).items.length).toBeGreaterThan(0);
    await sweepLater();
    expect((await broker.services.store.listUnpublished({ limit: 10 })).items).toEqual([]);
    expect(topic().map((m) => m.subject)).toEqual(LIFE);
  });

  it('loses nothing when the publish after a commit fails: the next commit sends it first, in order', async () => {
    fault.subject = 'requestApproved';
    fault.when = 'beforeSend';
    await liveOneRequest();
    expect(topic().map((m) => m.subject)).toEqual(LIFE);
  });

  it('loses nothing when the last publish fails: the sweeper sends it', async () => {
    fault.subject = 'requestSucceeded';
    fault.when = 'beforeSend';
    await liveOneRequest();
    expect(topic().map((m) => m.subject)).toEqual(LIFE.slice(0, 3));
    await sweepLater();
    expect(topic().map((m) => m.subject)).toEqual(LIFE);
    await sweepLater();
    expect(topic()).toHaveLength(LIFE.length);
  });

  it('sends a duplicate with the same messageId when the process dies after sending', async () => {
    fault.subject = 'requestSucceeded';
    fault.when = 'afterSend';
    const id = await liveOneRequest();
    await sweepLater();
    const last = sent.filter((e) => e.subject === 'requestSucceeded');
    expect(last).toHaveLength(2);
    expect(new Set(last.map((e) => e.messageId))).toEqual(new Set([last[0]?.messageId]));
    expect(last[0]?.messageId.startsWith(`${id}-`)).toBe(true);
    // Service Bus duplicate detection (on for the topic, as in infra) drops the second.
    expect(topic().map((m) => m.subject)).toEqual(LIFE);
  });
});
