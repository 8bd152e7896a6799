import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, SUBSCRIPTION_SCOPE } from '../../dev/armSandbox/seed.js';
import {
  INTAKE_QUEUE,
  INTAKE_REJECTED_QUEUE,
  OPERATIONS_QUEUE,
} from '../../src/adapters/serviceBus/queueNames.js';
import { APPROVER, PROVISIONING_SERVICE } from '../support/callers.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ replyToPrefix: 'replies-' });
});
afterAll(() => broker.close());
beforeEach(async () => {
  await broker.reset();
  broker.bus.declareQueue('replies-provisioning');
});

const body = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [
    { kind: 'enableSystemAssignedIdentity' },
    { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: SUBSCRIPTION_SCOPE },
  ],
  justification: 'inventory runbook reads the subscription',
  requestedBy: 'provisioning-service',
};

async function askPlan(message: { body: unknown; messageId: string; replyTo?: string; subject?: string }) {
  broker.bus.send(INTAKE_QUEUE, { subject: 'plan', ...message });
  await broker.bus.drain({ maxDeliveries: 5 });
}

async function listed(): Promise<unknown[]> {
  return (await broker.call('GET', '/api/identity-requests', { as: APPROVER })).json.items;
}

describe('what-if from the queue: a message with subject "plan"', () => {
  it('answers the plan and policy decision on replyTo, correlated by message ID, and stores nothing', async () => {
    await askPlan({ body, messageId: 'plan-1', replyTo: 'replies-provisioning' });
    const replies = broker.bus.pending('replies-provisioning');
    expect(replies).toEqual([expect.objectContaining({ subject: 'planResult', correlationId: 'plan-1' })]);
    const answer = replies[0]?.body as Record<string, unknown>;
    expect(answer).toMatchObject({
      type: 'planResult',
      messageId: 'plan-1',
      preview: {
        target: AUTOMATION_ACCOUNT_PLAIN,
        targetKind: 'automationAccount',
        policy: { decision: 'approvalRequired', approvers: expect.arrayContaining([APPROVER.id]) },
      },
    });
    expect(await listed()).toEqual([]);
    expect(broker.armCalls(writes)).toEqual([]);
    expect(broker.bus.pending(OPERATIONS_QUEUE)).toEqual([]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE)).toEqual([]);
  });

  it('answers the same plan and policy as the HTTP what-if and the submission that follows', async () => {
    await askPlan({ body, messageId: 'plan-2', replyTo: 'replies-provisioning' });
    const { preview } = broker.bus.pending('replies-provisioning')[0]?.body as { preview: unknown };
    const { requestedBy: _, ...httpBody } = body;
    const overHttp = await broker.call('POST', '/api/identity-requests/plan', {
      as: { ...PROVISIONING_SERVICE, roles: [], groups: [] },
      body: httpBody,
    });
    expect(preview).toEqual(overHttp.json);
    broker.bus.send(INTAKE_QUEUE, { body, messageId: 'submit-2' });
    await broker.bus.drain({ maxDeliveries: 5 });
    const [stored] = (await listed()) as Array<{ plan: unknown; policy: unknown }>;
    expect(stored?.plan).toEqual((preview as { plan: unknown }).plan);
    expect(stored?.policy).toEqual((preview as { policy: unknown }).policy);
  });

  it('keeps a what-if without an allowed replyTo on the rejected queue with the reason, storing nothing', async () => {
    await askPlan({ body, messageId: 'plan-no-reply' });
    await askPlan({ body, messageId: 'plan-outside', replyTo: 'billing-orders' });
    expect(
      broker.bus
        .pending(INTAKE_REJECTED_QUEUE)
        .map((m) => [m.messageId, m.applicationProperties?.DeadLetterReason]),
    ).toEqual([
      ['plan-no-reply', 'ReplyToRequired'],
      ['plan-outside', 'ReplyToRequired'],
    ]);
    expect(await listed()).toEqual([]);
  });

  it('answers an invalid what-if with requestInvalid naming the field, and keeps it with the reason', async () => {
    await askPlan({
      body: { ...body, justification: '' },
      messageId: 'plan-bad',
      replyTo: 'replies-provisioning',
    });
    expect(broker.bus.pending('replies-provisioning')).toEqual([
      expect.objectContaining({ subject: 'requestInvalid', correlationId: 'plan-bad' }),
    ]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE).map((m) => m.messageId)).toEqual(['plan-bad']);
    expect(await listed()).toEqual([]);
  });

  it('is delivered again when the answer cannot be sent, and answered once it can', async () => {
    broker.bus.faults.refuseSendsTo.add('replies-provisioning');
    broker.bus.send(INTAKE_QUEUE, {
      subject: 'plan',
      body,
      messageId: 'plan-retry',
      replyTo: 'replies-provisioning',
    });
    await broker.bus.deliverNext();
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([
      expect.objectContaining({ messageId: 'plan-retry', deliveryCount: 1 }),
    ]);
    broker.bus.faults.refuseSendsTo.clear();
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(broker.bus.pending('replies-provisioning').map((m) => m.subject)).toEqual(['planResult']);
    expect(await listed()).toEqual([]);
  });
});
