import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../dev/localBus/inProcessBus.js';
import { ManualClock } from '../../dev/localBus/manualClock.js';
import { INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { startTestBroker } from '../support/testBroker.js';

/** A bus with one consumed queue, and the IDs it delivered, in order. */
function busWithQueue() {
  const bus = new InProcessBus(new ManualClock());
  const delivered: string[] = [];
  bus.declareQueue('q');
  bus.consume('q', async (message, settle) => {
    delivered.push(message.messageId);
    settle.complete();
  });
  const send = (...ids: string[]) => ids.forEach((messageId) => bus.send('q', { body: {}, messageId }));
  return { bus, delivered, send };
}

describe('the in-process bus between tests', () => {
  it('reset() leaves no fault armed: delivery in order, once each, and sends accepted', async () => {
    const { bus, delivered, send } = busWithQueue();
    bus.faults.shuffle = () => 0.999; // always the last ready message
    bus.faults.redeliverCompletedOnce = true;
    bus.faults.refuseSendsTo.add('q');
    bus.reset();
    send('a', 'b', 'c');
    await bus.drain();
    expect(delivered).toEqual(['a', 'b', 'c']);
    expect(bus.faults).toEqual({ redeliverCompletedOnce: false, refuseSendsTo: new Set() });
  });

  it('reset() forgets which messages were delivered twice, so the next test gets its copies too', async () => {
    const { bus, delivered, send } = busWithQueue();
    bus.faults.redeliverCompletedOnce = true;
    send('m-1');
    await bus.drain();
    expect(delivered).toEqual(['m-1', 'm-1']);
    expect(bus.redeliveries).toBe(1);
    bus.reset();
    delivered.length = 0;
    bus.faults.redeliverCompletedOnce = true;
    send('m-1'); // the next test's message, under the same ID
    await bus.drain();
    expect(delivered).toEqual(['m-1', 'm-1']);
    expect(bus.redeliveries).toBe(1);
  });

  it('reset() empties queues, dead letters, topics and duplicate detection, and keeps consumers', async () => {
    const { bus, delivered, send } = busWithQueue();
    bus.declareTopic('t');
    bus.send('t', { body: {}, messageId: 'e-1' });
    bus.faults.refuseSendsTo.add('nowhere');
    send('x');
    bus.reset();
    expect(bus.pending('q')).toEqual([]);
    expect(bus.topicMessages('t')).toEqual([]);
    send('x'); // not a duplicate of the message before the reset
    await bus.drain();
    expect(delivered).toEqual(['x']);
  });
});

describe("the test broker's reset()", () => {
  it('hands the next test a bus with no fault armed, as a fresh broker has', async () => {
    const broker = await startTestBroker();
    try {
      const fresh = structuredClone(broker.bus.faults);
      broker.bus.faults.shuffle = () => 0;
      broker.bus.faults.redeliverCompletedOnce = true;
      broker.bus.faults.refuseSendsTo.add(INTAKE_REJECTED_QUEUE);
      await broker.reset();
      expect(broker.bus.faults).toEqual(fresh);
    } finally {
      await broker.close();
    }
  }, 60_000);
});
