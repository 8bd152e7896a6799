import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE, INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ replyToPrefix: 'replies-' });
});
afterAll(() => broker.close());
beforeEach(() => {
  broker.reset();
  broker.logs.length = 0;
});

const invalid = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: '',
  requestedBy: 'provisioning-service',
};

async function refuse(messageId: string, replyTo: string) {
  broker.bus.send(INTAKE_QUEUE, { body: invalid, messageId, replyTo });
  await broker.bus.drain({ maxDeliveries: 5 });
}

describe('replies to replyTo', () => {
  it("never answers on the broker's own intake or rejected queue, and logs the refusal", async () => {
    await refuse('msg-loop', INTAKE_QUEUE);
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE).map((m) => m.messageId)).toEqual(['msg-loop']);
    expect(
      broker.logs.filter((l) => l.includes('msg-loop') && l.includes(`replyTo "${INTAKE_QUEUE}"`)),
    ).toEqual([expect.stringMatching(/^intakeRequests warning .*not answering/)]);
    await refuse('msg-loop-2', INTAKE_REJECTED_QUEUE);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE).map((m) => m.messageId)).toEqual([
      'msg-loop',
      'msg-loop-2', // the refused message itself, not a reply
    ]);
  });

  it('never answers on an entity outside the allowed prefix, and logs the refusal', async () => {
    broker.bus.declareQueue('billing-orders');
    await refuse('msg-outside', 'billing-orders');
    expect(broker.bus.pending('billing-orders')).toEqual([]);
    expect(
      broker.logs.filter((l) => l.includes('msg-outside') && l.includes('replyTo "billing-orders"')),
    ).toEqual([expect.stringMatching(/^intakeRequests warning .*not answering/)]);
  });

  it('answers on an entity the prefix allows', async () => {
    broker.bus.declareQueue('replies-provisioning');
    await refuse('msg-allowed', 'replies-provisioning');
    expect(broker.bus.pending('replies-provisioning')).toEqual([
      expect.objectContaining({ subject: 'requestInvalid', correlationId: 'msg-allowed' }),
    ]);
    expect(broker.logs.filter((l) => l.includes('not answering'))).toEqual([]);
  });
});
