import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TicketCall {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
  status: number;
  /** The broker's clock when the call came (a manual clock in tests). */
  at: Date;
}

export interface FakeTicketSystem {
  /** The instance's base URL (SERVICENOW_INSTANCE_URL, JIRA_BASE_URL). */
  url: string;
  calls: TicketCall[];
  /** The calls it answered 2xx. */
  accepted(): TicketCall[];
  /** The next answers, then `status` (default 200; ServiceNow's PATCH answers 200, Jira's POSTs 201 and 204). */
  answers: number[];
  /** Answers this while it returns a status (a system that is down until some time). */
  down?: (at: Date) => number | undefined;
  reset(): void;
  close(): Promise<void>;
}

/** The success each endpoint answers: a comment is created (201), a transition done (204), a record updated (200). */
function successOf(method: string, path: string): number {
  if (method === 'POST' && path.endsWith('/transitions')) return 204;
  if (method === 'POST') return 201;
  return 200;
}

/**
 * A local stand-in for a ServiceNow instance or a Jira site on 127.0.0.1, recording each request it receives
 * (method, path, Authorization, parsed JSON body) with the test's clock time.
 */
export async function startFakeTicketSystem(now: () => Date): Promise<FakeTicketSystem> {
  const fake: Omit<FakeTicketSystem, 'url' | 'close'> = {
    calls: [],
    answers: [],
    accepted: () => fake.calls.filter((c) => c.status < 300),
    reset: () => {
      fake.calls.length = 0;
      fake.answers.length = 0;
      delete fake.down;
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = now();
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const status = fake.down?.(at) ?? fake.answers.shift() ?? successOf(method, path);
      const text = Buffer.concat(chunks).toString('utf8');
      fake.calls.push({
        method,
        path,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: text ? (JSON.parse(text) as unknown) : undefined,
        status,
        at,
      });
      if (status === 204) res.writeHead(204).end();
      else
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(status < 300 ? '{"result":{}}' : '{"error":{"message":"failed"}}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
