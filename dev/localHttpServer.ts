import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionHost } from './functionHost/functionHost.js';
import type { InProcessBus } from './localBus/inProcessBus.js';

const QUEUE_ROUTE = /^\/api\/dev\/queues\/([\w-]+)\/(messages|deadletters)$/;
const TOPIC_ROUTE = /^\/api\/dev\/topics\/([\w-]+)\/messages$/;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The local host's HTTP front: every /api route goes to the function handlers, as the Functions host
 * would. Development only: POST /api/dev/queues/{queue}/messages puts a message on the in-process bus
 * (headers x-message-id, x-subject and x-reply-to set those properties), GET
 * shows what waits there (refused intake messages on `identity-requests-rejected`); .../deadletters its dead letters;
 * GET /api/dev/topics/{topic}/messages what a topic accepted (request events on `identity-request-events`).
 */
export async function startLocalHttpServer(
  host: FunctionHost,
  bus: InProcessBus,
  { port = 7071, hostname = '127.0.0.1' } = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const topicRoute = request.method === 'GET' ? TOPIC_ROUTE.exec(url.pathname) : null;
      if (topicRoute) {
        const answer = peekTopic(bus, topicRoute[1] as string);
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.json));
        return;
      }
      const queueRoute = QUEUE_ROUTE.exec(url.pathname);
      if (queueRoute) {
        const [, queue, what] = queueRoute as unknown as [string, string, string];
        const answer =
          request.method === 'POST' && what === 'messages'
            ? sendToQueue(bus, queue, body, request.headers)
            : peek(bus, queue, what);
        response
          .writeHead(answer.status, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.json));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      // The host hands over a body only when Content-Length says there is one, as in Azure.
      const result = await host.http({
        method: request.method ?? 'GET',
        url: url.pathname + url.search,
        headers,
        body,
      });
      response.writeHead(result.status, result.headers).end(result.body);
    } catch (e) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${hostname}:${address.port}`;
  host.publicUrl = url; // handlers see the absolute URL callers used, as behind the Functions host
  return { url, server };
}

/** What is waiting on a queue (`messages`: the rejected queue, for one) or in its dead-letter queue. */
function peek(bus: InProcessBus, queue: string, what: string) {
  try {
    return { status: 200, json: what === 'messages' ? bus.pending(queue) : bus.deadLetters(queue) };
  } catch (e) {
    return { status: 404, json: { error: (e as Error).message } };
  }
}

function peekTopic(bus: InProcessBus, topic: string) {
  try {
    return { status: 200, json: bus.topicMessages(topic) };
  } catch (e) {
    return { status: 404, json: { error: (e as Error).message } };
  }
}

function sendToQueue(bus: InProcessBus, queue: string, body: string, headers: IncomingMessage['headers']) {
  let parsed: unknown = body;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Not JSON: sent as the text it is, so the intake's handling of garbage can be tried too.
  }
  const header = (name: string) => (typeof headers[name] === 'string' ? headers[name] : undefined);
  const messageId = header('x-message-id');
  const subject = header('x-subject');
  const replyTo = header('x-reply-to');
  try {
    bus.send(queue, {
      body: parsed,
      contentType: 'application/json',
      ...(messageId ? { messageId } : {}),
      ...(subject ? { subject } : {}),
      ...(replyTo ? { replyTo } : {}),
    });
  } catch (e) {
    return { status: 404, json: { error: (e as Error).message } };
  }
  return { status: 202, json: { queue, messageId: messageId ?? '(assigned)' } };
}
