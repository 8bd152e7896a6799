import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE, INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { APPROVER, PROVISIONING_SERVICE } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const valid = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'from the provisioning service',
  requestedBy: 'provisioning-service',
};

const RETRYING_SERVICE = '4d3c2b1a-0f9e-4d8c-8b7a-695847362514';

/** What an operator reads on the rejected queue: each refused message as it came, and why. */
const rejected = () => broker.bus.pending(INTAKE_REJECTED_QUEUE);
const reasons = () =>
  rejected().map((m) => [m.messageId, m.applicationProperties?.DeadLetterReason] as const);

async function requestsBy(requestedBy: string) {
  return (await broker.call('GET', `/api/identity-requests?requestedBy=${requestedBy}`, { as: APPROVER }))
    .json.items;
}

describe('the identity-requests queue', () => {
  it('submits a valid message as a request by its sender, named by the object ID policy maps, once per message ID', async () => {
    broker.bus.send(INTAKE_QUEUE, { body: valid, messageId: 'msg-1', contentType: 'application/json' });
    await broker.bus.drain({ maxDeliveries: 5 });
    // A resend after the duplicate-detection window: the message ID is still the idempotency key.
    broker.clock.advanceBy(11 * 60_000);
    broker.bus.send(INTAKE_QUEUE, { body: valid, messageId: 'msg-1' });
    await broker.bus.drain({ maxDeliveries: 5 });
    const items = await requestsBy(PROVISIONING_SERVICE.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      state: 'awaitingApproval',
      source: 'queue',
      correlationId: 'msg-1',
      requestedBy: { id: PROVISIONING_SERVICE.id, name: 'provisioning-service' },
    });
    expect(rejected()).toEqual([]);
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
    const approved = await broker.approve(items[0].id);
    expect(approved.status).toBe(200);
    await broker.run();
    expect((await broker.get(items[0].id, APPROVER)).json.state).toBe('succeeded');
  });

  it('keeps an invalid message, as it came, on the rejected queue with a reason naming each invalid field, and stores nothing', async () => {
    const body = {
      ...valid,
      requestedBy: undefined,
      operations: [{ kind: 'nope' }],
      colour: 'blue',
      justification: 'invalid one',
    };
    const enqueuedAt = broker.clock.now().toISOString();
    broker.bus.send(INTAKE_QUEUE, {
      body,
      messageId: 'msg-bad',
      correlationId: 'corr-bad',
      contentType: 'application/json',
      applicationProperties: { Source: 'provisioning' },
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [kept, ...more] = rejected();
    expect(more).toEqual([]);
    expect(kept).toMatchObject({
      messageId: 'msg-bad',
      correlationId: 'corr-bad',
      contentType: 'application/json',
      body: JSON.parse(JSON.stringify(body)),
      applicationProperties: {
        DeadLetterReason: 'InvalidRequest',
        OriginalMessageId: 'msg-bad',
        OriginalQueue: INTAKE_QUEUE,
        OriginalEnqueuedTimeUtc: enqueuedAt,
        source: 'provisioning', // the worker hands application properties over camelCased
      },
    });
    const description = String(kept?.applicationProperties?.DeadLetterErrorDescription);
    expect(description).toContain('operations[0].kind must be one of');
    expect(description).toContain('colour is not allowed here (unknown field)');
    expect(description).toContain('requestedBy');
    expect(JSON.parse(String(kept?.applicationProperties?.DeadLetterErrors))).toEqual(
      expect.arrayContaining([{ path: 'colour', message: 'is not allowed here (unknown field)' }]),
    );
    // Completed once kept: not redelivered, not dead-lettered, nothing stored.
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([]);
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
    const all = (await broker.call('GET', '/api/identity-requests?limit=100', { as: APPROVER })).json.items;
    expect(all).toEqual([]);
  });

  it('accepts a rejected message replayed by an operator once its body is fixed, under its own message ID', async () => {
    broker.bus.send(INTAKE_QUEUE, { body: { ...valid, justification: '' }, messageId: 'msg-fixme' });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [kept] = rejected();
    // Past the duplicate-detection window, as an operator's replay would be.
    broker.clock.advanceBy(11 * 60_000);
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...(kept?.body as object), justification: 'fixed by the operator' },
      messageId: String(kept?.messageId),
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(await requestsBy(PROVISIONING_SERVICE.id)).toEqual([
      expect.objectContaining({ justification: 'fixed by the operator', correlationId: 'msg-fixme' }),
    ]);
  });

  it('answers a refused message on its replyTo with a requestInvalid event naming the fields', async () => {
    broker.bus.declareQueue('replies-provisioning');
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, justification: '' },
      messageId: 'msg-reply',
      replyTo: 'replies-provisioning',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [reply] = broker.bus.pending('replies-provisioning');
    expect(reply).toMatchObject({
      subject: 'requestInvalid',
      correlationId: 'msg-reply',
      body: {
        type: 'requestInvalid',
        messageId: 'msg-reply',
        error: { reason: 'InvalidRequest', errors: [{ path: 'justification', message: 'is required' }] },
      },
    });
    expect(reasons()).toEqual([['msg-reply', 'InvalidRequest']]);
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
  });

  it('rejects a body that is not JSON, bytes that are not, and a request that cannot be carried out', async () => {
    broker.bus.send(INTAKE_QUEUE, { body: '{not json', messageId: 'msg-garbled' });
    broker.bus.send(INTAKE_QUEUE, { body: Buffer.from([0xff, 0xfe]), messageId: 'msg-bytes' });
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, target: valid.target.replace('aa-patching', 'aa-gone') },
      messageId: 'msg-gone',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(reasons()).toEqual([
      ['msg-garbled', 'InvalidJson'],
      ['msg-bytes', 'InvalidJson'],
      ['msg-gone', 'planRefused'],
    ]);
    // Kept as received: text as text, bytes as bytes, so a replay sends exactly what came.
    expect(rejected().map((m) => m.body)).toEqual([
      '{not json',
      Buffer.from([0xff, 0xfe]),
      expect.objectContaining({ target: valid.target.replace('aa-patching', 'aa-gone') }),
    ]);
  });

  it('throws for redelivery, and never doubles, when ARM is unavailable at intake', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'GET',
      path: 'automationAccounts',
      status: 503,
      code: 'ServiceUnavailable',
      times: 2,
    });
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, requestedBy: RETRYING_SERVICE },
      messageId: 'msg-retry',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
    expect(rejected()).toEqual([]);
    const items = await requestsBy(RETRYING_SERVICE);
    expect(items).toHaveLength(1);
    expect(broker.armCalls((e) => e.status === 503)).toHaveLength(2);
  });

  it("refuses a message whose requestedBy is an approver's UPN, so that approver can never approve it", async () => {
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, requestedBy: APPROVER.name, justification: 'posing as the approver' },
      messageId: 'msg-upn',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [kept] = rejected();
    expect(kept?.messageId).toBe('msg-upn');
    expect(kept?.applicationProperties?.DeadLetterReason).toBe('InvalidRequest');
    expect(kept?.applicationProperties?.DeadLetterErrorDescription).toMatch(/^requestedBy /);
    const all = (await broker.call('GET', '/api/identity-requests?limit=100', { as: APPROVER })).json.items;
    expect(
      all.filter((r: { justification: string }) => r.justification === 'posing as the approver'),
    ).toEqual([]);
  });

  it('refuses approval by the sender named by its object ID, as it does over HTTP', async () => {
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, requestedBy: APPROVER.id.toUpperCase() },
      messageId: 'msg-own',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [own] = await requestsBy(APPROVER.id);
    expect(own?.requestedBy).toEqual({ id: APPROVER.id });
    const attempt = await broker.approve(own.id, APPROVER);
    expect(attempt.status).toBe(403);
    expect(attempt.json.detail).toBe('you cannot approve your own request');
  });
});
