import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RecordingWebhook {
  url: string;
  /** Every request it received, with the status it answered. */
  calls: ReceivedCall[];
  /** The bodies it answered 2xx, parsed. */
  accepted(): unknown[];
  /** The next answers, then 200 for ever. */
  answers: Array<{ status: number; headers?: Record<string, string> }>;
  /** Answer this to everything while set (a channel that keeps failing). */
  alwaysStatus?: number;
  close(): Promise<void>;
}

/** A local webhook receiver on 127.0.0.1 and a free port, recording what it receives. */
export async function startRecordingWebhook(): Promise<RecordingWebhook> {
  const hook: Omit<RecordingWebhook, 'url' | 'close'> = {
    calls: [],
    answers: [],
    accepted: () => hook.calls.filter((c) => c.status < 300).map((c) => JSON.parse(c.body) as unknown),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = hook.alwaysStatus
        ? { status: hook.alwaysStatus }
        : (hook.answers.shift() ?? { status: 200 });
      hook.calls.push({
        status: answer.status,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.status < 300 ? '1' : 'failed');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hook, {
    url: `http://127.0.0.1:${port}/hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
