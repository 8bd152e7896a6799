import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface JsonAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
) => Promise<JsonAnswer>;

/** A keep-alive JSON client for one origin: the cheapest way to put load on a server. */
export function jsonClient(origin: string, { ca }: { ca?: string } = {}): { send: Send; close(): void } {
  const url = new URL(origin);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: Infinity, ...(ca ? { ca } : {}) })
    : new HttpAgent({ keepAlive: true, maxSockets: Infinity });
  const send: Send = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const options = {
        method,
        host: url.hostname,
        port: url.port,
        path,
        agent,
        headers: {
          ...headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
        },
      };
      const req = (secure ? httpsRequest : httpRequest)(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as idle just as it was reused: the request never reached the
        // server, so it is sent again on a fresh socket (Node's own advice for keep-alive clients).
        if (req.reusedSocket && e.code === 'ECONNRESET')
          send(method, path, headers, body).then(resolve, reject);
        else reject(e);
      });
      req.end(payload);
    });
  return { send, close: () => agent.destroy() };
}
