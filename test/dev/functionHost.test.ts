import type { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { FunctionHost } from '../../dev/functionHost/functionHost.js';
import { InProcessBus } from '../../dev/localBus/inProcessBus.js';
import { ManualClock } from '../../dev/localBus/manualClock.js';
import type { FunctionDefinition } from '../../src/functions/registry.js';

interface Seen {
  input: unknown;
  context: InvocationContext;
}

function recordingHttp(seen: Seen[]): FunctionDefinition {
  return {
    kind: 'http',
    name: 'echo',
    methods: ['GET', 'POST'],
    route: 'things/{id}',
    handler: async (request: HttpRequest, context) => {
      seen.push({ input: request, context });
      return { status: 200, body: request.body === null ? 'no body' : await request.text() };
    },
  };
}

function recordingQueue(
  seen: Seen[],
  queueName: string,
  isSessionsEnabled = false,
  fail = false,
): FunctionDefinition {
  return {
    kind: 'serviceBusQueue',
    name: `on-${queueName}`,
    queueName,
    isSessionsEnabled,
    handler: async (input, context) => {
      seen.push({ input, context });
      if (fail) throw new Error('storage is down');
    },
  };
}

function busWith(definitions: FunctionDefinition[], queues: Record<string, object>) {
  const bus = new InProcessBus(new ManualClock());
  for (const [name, options] of Object.entries(queues)) bus.declareQueue(name, options);
  new FunctionHost(definitions).attach(bus);
  return bus;
}

describe('the local function host, as the Node.js worker hands over invocations', () => {
  it('gives an HTTP handler the public absolute URL, lower-cased headers and no trigger metadata', async () => {
    const seen: Seen[] = [];
    const host = new FunctionHost([recordingHttp(seen)], undefined, { publicUrl: 'http://127.0.0.1:7071' });
    const response = await host.http({
      method: 'GET',
      url: '/api/things/42?x=1',
      headers: { 'X-Ms-Client-Principal-Id': 'abc' },
    });
    expect(response.body).toBe('no body');
    const request = seen[0]?.input as HttpRequest;
    expect(request.url).toBe('http://127.0.0.1:7071/api/things/42?x=1');
    expect([...request.headers.keys()]).toContain('x-ms-client-principal-id');
    expect(request.params).toEqual({ id: '42' });
    expect(seen[0]?.context.triggerMetadata).toBeUndefined();
  });

  it('hands over a body only when Content-Length is above zero', async () => {
    const seen: Seen[] = [];
    const host = new FunctionHost([recordingHttp(seen)]);
    const empty = await host.http({ method: 'POST', url: '/api/things/1', body: '' });
    const full = await host.http({ method: 'POST', url: '/api/things/1', body: '{"a":1}' });
    expect([empty.body, full.body]).toEqual(['no body', '{"a":1}']);
    expect((seen[1]?.input as HttpRequest).headers.get('content-length')).toBe('7');
  });

  it('gives a timer handler no trigger metadata', async () => {
    let metadata: unknown = 'not called';
    const host = new FunctionHost([
      {
        kind: 'timer',
        name: 'tick',
        schedule: '0 */5 * * * *',
        handler: async (_timer, context) => void (metadata = context.triggerMetadata),
      },
    ]);
    await host.runTimer('tick');
    expect(metadata).toBeUndefined();
  });

  it('gives a Service Bus handler the decoded body and camelCased metadata', async () => {
    const seen: Seen[] = [];
    const bus = busWith([recordingQueue(seen, 'plain'), recordingQueue(seen, 'sessions', true)], {
      plain: {},
      sessions: { sessions: true },
    });
    bus.send('plain', {
      body: { a: 1 },
      messageId: 'm-1',
      replyTo: 'replies-x',
      correlationId: 'c-1',
      contentType: 'application/json',
      applicationProperties: { TenantName: 'contoso', Nested: { InnerKey: 1 } },
    });
    bus.send('plain', { body: '{not json', messageId: 'm-2' });
    bus.send('plain', { body: Buffer.from([0xff, 0x00]), messageId: 'm-3' });
    bus.send('plain', { body: '{"b":2}', messageId: 'm-4' });
    bus.send('sessions', { body: {}, messageId: 'm-5', sessionId: 's-1' });
    await bus.drain();
    expect(seen.map((s) => s.input)).toEqual([
      { a: 1 },
      '{not json',
      Buffer.from([0xff, 0x00]),
      { b: 2 },
      {},
    ]);
    const metadata = seen[0]?.context.triggerMetadata;
    expect(metadata).toMatchObject({
      messageId: 'm-1',
      deliveryCount: 1,
      lockToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
      enqueuedTimeUtc: '2026-11-23T09:00:00.000Z',
      replyTo: 'replies-x',
      correlationId: 'c-1',
      contentType: 'application/json',
      applicationProperties: { tenantName: 'contoso', nested: { innerKey: 1 } },
    });
    expect(metadata).not.toHaveProperty('sessionId');
    expect(seen[4]?.context.triggerMetadata).toMatchObject({ messageId: 'm-5', sessionId: 's-1' });
  });

  it('completes on return, abandons on throw and dead-letters at the max delivery count', async () => {
    const seen: Seen[] = [];
    const bus = busWith([recordingQueue(seen, 'ok'), recordingQueue(seen, 'failing', false, true)], {
      ok: {},
      failing: { maxDeliveryCount: 3 },
    });
    bus.send('ok', { body: {}, messageId: 'fine' });
    bus.send('failing', { body: {}, messageId: 'doomed' });
    await bus.drain();
    expect(bus.pending('ok')).toEqual([]);
    expect(bus.deadLetters('ok')).toEqual([]);
    expect(seen.map((s) => s.context.triggerMetadata?.deliveryCount)).toEqual([1, 1, 2, 3]);
    expect(bus.deadLetters('failing')).toEqual([
      expect.objectContaining({
        messageId: 'doomed',
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: expect.stringContaining('storage is down'),
      }),
    ]);
  });
});
