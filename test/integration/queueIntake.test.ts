import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
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
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
    const approved = await broker.approve(items[0].id);
    expect(approved.status).toBe(200);
    await broker.run();
    expect((await broker.get(items[0].id, APPROVER)).json.state).toBe('succeeded');
  });

  it('dead-letters an invalid message with a reason naming each invalid field, and stores nothing', async () => {
    broker.bus.send(INTAKE_QUEUE, {
      body: {
        ...valid,
        requestedBy: undefined,
        operations: [{ kind: 'nope' }],
        colour: 'blue',
        justification: 'invalid one',
      },
      messageId: 'msg-bad',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [dead] = broker.bus.deadLetters(INTAKE_QUEUE);
    expect(dead?.deadLetterReason).toBe('InvalidRequest');
    expect(dead?.deadLetterErrorDescription).toContain('operations[0].kind must be one of');
    expect(dead?.deadLetterErrorDescription).toContain('colour is not allowed here (unknown field)');
    expect(dead?.deadLetterErrorDescription).toContain('requestedBy');
    expect(dead?.deliveryCount).toBe(1);
    const all = (await broker.call('GET', '/api/identity-requests?limit=100', { as: APPROVER })).json.items;
    expect(all.filter((r: { justification: string }) => r.justification === 'invalid one')).toEqual([]);
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
    expect(broker.bus.deadLetters(INTAKE_QUEUE).map((m) => m.messageId)).toEqual(['msg-reply']);
  });

  it('dead-letters a body that is not JSON and a request that cannot be carried out', async () => {
    broker.bus.send(INTAKE_QUEUE, { body: '{not json', messageId: 'msg-garbled' });
    broker.bus.send(INTAKE_QUEUE, {
      body: { ...valid, target: valid.target.replace('aa-patching', 'aa-gone') },
      messageId: 'msg-gone',
    });
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(broker.bus.deadLetters(INTAKE_QUEUE).map((m) => [m.messageId, m.deadLetterReason])).toEqual([
      ['msg-garbled', 'InvalidJson'],
      ['msg-gone', 'planRefused'],
    ]);
  });

  it('abandons for redelivery, and never doubles, when ARM is unavailable at intake', async () => {
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
    const [dead] = broker.bus.deadLetters(INTAKE_QUEUE);
    expect(dead?.messageId).toBe('msg-upn');
    expect(dead?.deadLetterReason).toBe('InvalidRequest');
    expect(dead?.deadLetterErrorDescription).toMatch(/^requestedBy /);
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
