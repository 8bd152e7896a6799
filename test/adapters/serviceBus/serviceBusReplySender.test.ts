import type { ServiceBusClient, ServiceBusMessage, ServiceBusSender } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { createServiceBusReplySender } from '../../../src/adapters/serviceBus/serviceBusReplySender.js';

/** A client shaped like ServiceBusClient's createSender: it records what each sender sent and whether it is closed. */
function fakeClient() {
  const senders: Array<{ entity: string; sent: ServiceBusMessage[]; closed: boolean }> = [];
  const client: Pick<ServiceBusClient, 'createSender'> = {
    createSender(entity: string) {
      const record = { entity, sent: [] as ServiceBusMessage[], closed: false };
      senders.push(record);
      return {
        entityPath: entity,
        get isClosed() {
          return record.closed;
        },
        async sendMessages(message: ServiceBusMessage) {
          if (record.closed) throw new Error(`sender for ${entity} is closed`);
          record.sent.push(message);
        },
        async close() {
          record.closed = true;
        },
      } as unknown as ServiceBusSender;
    },
  };
  const open = () => senders.filter((s) => !s.closed).map((s) => s.entity);
  return { client, senders, open };
}

const reply = { body: { type: 'requestInvalid' }, subject: 'requestInvalid' };

describe('the Service Bus reply sender', () => {
  it('sends the reply as JSON with its subject and correlation ID', async () => {
    const { client, senders } = fakeClient();
    await createServiceBusReplySender(client).send('replies-a', { ...reply, correlationId: 'm-1' });
    expect(senders[0]?.sent).toEqual([
      { body: reply.body, contentType: 'application/json', subject: 'requestInvalid', correlationId: 'm-1' },
    ]);
  });

  it('reuses one sender per entity', async () => {
    const { client, senders } = fakeClient();
    const replies = createServiceBusReplySender(client);
    await replies.send('replies-a', reply);
    await replies.send('replies-a', reply);
    expect(senders.map((s) => [s.entity, s.sent.length])).toEqual([['replies-a', 2]]);
  });

  it('never holds more senders than its bound, closing the least recently used', async () => {
    const { client, open } = fakeClient();
    const replies = createServiceBusReplySender(client, { maxSenders: 3 });
    for (const entity of ['replies-a', 'replies-b', 'replies-c']) await replies.send(entity, reply);
    await replies.send('replies-a', reply); // a is now the most recently used, b the least
    await replies.send('replies-d', reply);
    expect(open().sort()).toEqual(['replies-a', 'replies-c', 'replies-d']);
    for (let i = 0; i < 40; i++) {
      await replies.send(`replies-${i}`, reply);
      expect(open().length).toBeLessThanOrEqual(3);
    }
  });

  it('holds at most 16 senders by default', async () => {
    const { client, open, senders } = fakeClient();
    const replies = createServiceBusReplySender(client);
    for (let i = 0; i < 50; i++) await replies.send(`replies-${i}`, reply);
    expect(open()).toHaveLength(16);
    expect(senders.filter((s) => s.closed)).toHaveLength(34);
  });
});
