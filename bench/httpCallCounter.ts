import { subscribe } from 'node:diagnostics_channel';

/**
 * Every HTTP request this process sends, counted by the port it goes to: all table calls (requests, outbox,
 * ledger, limit, index...) however many adapters make them, every ARM call, every token request.
 */
export function countHttpCalls(): { byPort: Map<number, number> } {
  const byPort = new Map<number, number>();
  subscribe('http.client.request.start', (message) => {
    const { request } = message as {
      request: { host: string; socket?: unknown; getHeader(n: string): unknown };
    };
    const host = String(request.getHeader('host') ?? request.host);
    const port = Number(/:(\d+)$/.exec(host)?.[1] ?? 0);
    byPort.set(port, (byPort.get(port) ?? 0) + 1);
  });
  return { byPort };
}

export const portOf = (url: string): number => Number(new URL(url).port);
