import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE, INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import type { RequestStore } from '../../src/core/ports.js';
import { APPROVER, PROVISIONING_SERVICE } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let storageDown = false;

/** Table storage that refuses every call while `storageDown`, as during an outage. */
function outageStore(real: RequestStore): RequestStore {
  const down = () => Promise.reject(new Error('Table storage is unavailable (injected)'));
  return Object.fromEntries(
    Object.entries(real).map(([name, method]) => [
      name,
      (...args: unknown[]) => (storageDown ? down() : (method as (...a: unknown[]) => unknown)(...args)),
    ]),
  ) as unknown as RequestStore;
}

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ wrapStore: outageStore });
});
afterAll(() => broker.close());
beforeEach(async () => {
  storageDown = false;
  broker.bus.faults.refuseSendsTo.clear();
  await broker.reset();
});

const valid = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'during an outage',
  requestedBy: 'provisioning-service',
};

const requests = async () =>
  (
    await broker.call('GET', `/api/identity-requests?requestedBy=${PROVISIONING_SERVICE.id}`, {
      as: APPROVER,
    })
  ).json.items;

describe('the intake queue when something is down', () => {
  it('throws while storage is down, so the message is redelivered, and submits it once storage is back', async () => {
    storageDown = true;
    broker.bus.send(INTAKE_QUEUE, { body: valid, messageId: 'msg-outage' });
    await broker.bus.deliverNext();
    await broker.bus.deliverNext();
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([
      expect.objectContaining({ messageId: 'msg-outage', deliveryCount: 2 }),
    ]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE)).toEqual([]);
    storageDown = false;
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(await requests()).toEqual([expect.objectContaining({ correlationId: 'msg-outage' })]);
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([]);
  });

  it('leaves a message storage never took to Service Bus dead-lettering at the max delivery count', async () => {
    storageDown = true;
    broker.bus.send(INTAKE_QUEUE, { body: valid, messageId: 'msg-long-outage' });
    await broker.bus.drain({ maxDeliveries: 20 });
    expect(broker.bus.deadLetters(INTAKE_QUEUE)).toEqual([
      expect.objectContaining({
        messageId: 'msg-long-outage',
        body: valid,
        deliveryCount: 10,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: expect.stringContaining('Table storage is unavailable'),
      }),
    ]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE)).toEqual([]);
  });

  it('never completes an invalid message the rejected queue did not take: it is redelivered until kept', async () => {
    broker.bus.faults.refuseSendsTo.add(INTAKE_REJECTED_QUEUE);
    broker.bus.send(INTAKE_QUEUE, { body: { ...valid, justification: '' }, messageId: 'msg-unkept' });
    await broker.bus.deliverNext();
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([
      expect.objectContaining({ messageId: 'msg-unkept', deliveryCount: 1 }),
    ]);
    broker.bus.faults.refuseSendsTo.clear();
    await broker.bus.drain({ maxDeliveries: 5 });
    expect(broker.bus.pending(INTAKE_QUEUE)).toEqual([]);
    expect(broker.bus.pending(INTAKE_REJECTED_QUEUE)).toEqual([
      expect.objectContaining({
        messageId: 'msg-unkept',
        applicationProperties: expect.objectContaining({ OriginalDeliveryCount: 2 }),
      }),
    ]);
  });
});
