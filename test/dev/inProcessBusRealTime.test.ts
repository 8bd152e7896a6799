import { describe, expect, it } from 'vitest';
import { InProcessBus } from '../../dev/localBus/inProcessBus.js';
import { systemClock } from '../../src/adapters/systemClock.js';

/** A few turns of the event loop: what a delivery "at once" may take, far less than any polling interval. */
const turns = async (n = 3) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the in-process bus in real time (the local host)', () => {
  it('delivers a message as it is sent, not at the next poll', async () => {
    const bus = new InProcessBus(systemClock);
    bus.declareQueue('q');
    const seen: unknown[] = [];
    bus.consume('q', async (message, settle) => {
      seen.push(message.body);
      settle.complete();
    });
    bus.start(3_600_000); // a poll an hour away: only delivery on send can pass
    bus.send('q', { body: 'first' });
    await turns();
    expect(seen).toEqual(['first']);
    await bus.stop();
  });

  it("delivers a session's next message as soon as the one before it settles", async () => {
    const bus = new InProcessBus(systemClock);
    bus.declareQueue('s', { sessions: true });
    const seen: unknown[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    bus.consume('s', async (message, settle) => {
      seen.push(message.body);
      if (message.body === 'one') await held;
      settle.complete();
    });
    bus.start(3_600_000);
    bus.send('s', { body: 'one', sessionId: 'a' });
    bus.send('s', { body: 'two', sessionId: 'a' });
    await turns();
    expect(seen).toEqual(['one']); // the session is locked while `one` is handled
    release();
    await turns();
    expect(seen).toEqual(['one', 'two']);
    await bus.stop();
  });

  it('a stopped bus delivers nothing more', async () => {
    const bus = new InProcessBus(systemClock);
    bus.declareQueue('q');
    const seen: unknown[] = [];
    bus.consume('q', async (message, settle) => {
      seen.push(message.body);
      settle.complete();
    });
    bus.start(3_600_000);
    await bus.stop();
    bus.send('q', { body: 'late' });
    await turns();
    expect(seen).toEqual([]);
  });
});
