import { ServiceBusClient } from '@azure/service-bus';
import type { Message } from 'rhea';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBody } from '../../../src/adapters/serviceBus/decodeBody.js';
import { OPERATIONS_QUEUE } from '../../../src/adapters/serviceBus/queueNames.js';
import { createServiceBusNudger } from '../../../src/adapters/serviceBus/serviceBusNudger.js';
import { sessionIdFor } from '../../../src/adapters/serviceBus/sessionIdFor.js';
import type { Nudger } from '../../../src/core/ports.js';
import { type AmqpPeer, startAmqpPeer } from '../../support/amqpPeer.js';
import { AA, SUB } from '../../fakes/ids.js';

const SCHEDULED_ENQUEUE_TIME = 'x-opt-scheduled-enqueue-time';
const AMQP_DATA_SECTION = 0x75;
// Over 128 characters, Service Bus's session ID limit, as nested ARM IDs easily are.
const LONG_TARGET =
  `/subscriptions/${SUB}/resourceGroups/${'rg-'.padEnd(90, 'x')}` +
  `/providers/Microsoft.Automation/automationAccounts/${'aa-'.padEnd(50, 'y')}`;

let peer: AmqpPeer;
let client: ServiceBusClient;
let nudger: Nudger;

/** Rejects after `ms`, so a peer that stops answering fails the test instead of hanging it. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

beforeAll(async () => {
  peer = await within(2_000, startAmqpPeer({ queues: [OPERATIONS_QUEUE] }));
  // One try, a short operation timeout: the peer answers at once or not at all.
  client = new ServiceBusClient(peer.connectionString, {
    retryOptions: { maxRetries: 0, timeoutInMs: 3_000 },
  });
  nudger = createServiceBusNudger(client.createSender(OPERATIONS_QUEUE));
});
afterAll(async () => {
  await within(3_000, client.close()).finally(() => peer.close());
});

/** Nudges, then returns the one transfer it put on the wire. */
async function sent(
  nudge: { requestId: string; target: string; version: number },
  at?: Date,
): Promise<Message> {
  await within(3_000, nudger.nudge(nudge, at));
  const transfers = peer.transfers.splice(0);
  // One plain message (format 0, not a batch) to the operations queue.
  expect(transfers.map((t) => [t.address, t.format])).toEqual([[OPERATIONS_QUEUE, 0]]);
  return transfers[0]!.message;
}

function jsonBody(message: Message): unknown {
  expect(message.body.typecode).toBe(AMQP_DATA_SECTION);
  return decodeBody(message.body.content);
}

describe('service bus nudger, on the wire', () => {
  it('sends a nudge for now as a JSON message in the session of its target, with no schedule', async () => {
    const message = await sent({ requestId: 'req-now', target: AA, version: 3 });

    expect(jsonBody(message)).toEqual({ v: 1, requestId: 'req-now' });
    expect(message.message_id).toBe('req-now:3:now');
    expect(message.group_id).toBe(sessionIdFor(AA));
    expect(message.subject).toBe('nudge');
    expect(message.content_type).toBe('application/json');
    expect(message.message_annotations?.[SCHEDULED_ENQUEUE_TIME]).toBeUndefined();
  });

  it('schedules a nudge for later with the enqueue-time annotation, its time in the message ID', async () => {
    const at = new Date('2026-11-23T10:15:30.250Z');
    const message = await sent({ requestId: 'req-later', target: AA, version: 4 }, at);

    expect(jsonBody(message)).toEqual({ v: 1, requestId: 'req-later' });
    expect(message.message_id).toBe('req-later:4:2026-11-23T10:15:30.250Z');
    expect(message.group_id).toBe(sessionIdFor(AA));
    expect(message.subject).toBe('nudge');
    expect(message.content_type).toBe('application/json');
    expect(message.message_annotations?.[SCHEDULED_ENQUEUE_TIME]).toEqual(at);
  });

  it('keeps the session ID within 128 characters for an ARM ID longer than that', async () => {
    expect(LONG_TARGET.length).toBeGreaterThan(128);
    const message = await sent({ requestId: 'req-long', target: LONG_TARGET, version: 1 });

    expect(message.group_id).toBe(sessionIdFor(LONG_TARGET));
    expect(message.group_id?.length).toBeLessThanOrEqual(128);
  });

  it('puts targets that differ only in casing in the same session', async () => {
    const lower = await sent({ requestId: 'req-a', target: AA.toLowerCase(), version: 1 });
    const upper = await sent({ requestId: 'req-b', target: AA.toUpperCase(), version: 1 });

    expect(lower.group_id).toBe(upper.group_id);
    expect(lower.group_id).toBe(sessionIdFor(AA));
  });

  it('claims the queue with a SAS token through $cbs', async () => {
    await sent({ requestId: 'req-claim', target: AA, version: 1 });

    expect(peer.tokens).toContainEqual({
      audience: `${peer.endpoint}/${OPERATIONS_QUEUE}`,
      tokenType: 'servicebus.windows.net:sastoken',
      token: expect.stringMatching(
        /^SharedAccessSignature sr=.+&sig=.+&se=\d+&skn=RootManageSharedAccessKey$/,
      ),
    });
  });
});
