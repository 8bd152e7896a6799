import { randomUUID } from 'node:crypto';
import functions, {
  type HttpMethod,
  type HttpResponseInit,
  type InvocationContext as Invocation,
} from '@azure/functions';

// A CommonJS package whose classes Node's ESM loader cannot name: take them from its exports object.
const { HttpRequest, InvocationContext } = functions;
import type { FunctionDefinition } from '../../src/functions/registry.js';
import type { InProcessBus } from '../localBus/inProcessBus.js';
import { byPrecedence, compileRoute } from './routeTemplate.js';
import { triggerInput, triggerMetadata } from './serviceBusTriggerInput.js';

export interface HostResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type LogSink = (functionName: string, level: string, args: unknown[]) => void;

export interface FunctionHostOptions {
  /** The origin the app is reached at: handlers see absolute URLs on it, as behind the Functions host. */
  publicUrl?: string;
}

/**
 * Runs the registered function handlers the way the Functions host and its Node.js worker would (FACTS.md):
 * HTTP routes under /api with absolute URLs, lower-cased headers and a body only when Content-Length says so;
 * classic Service Bus triggers fed by the in-process bus, settled by the host; timers on demand.
 */
export class FunctionHost {
  private readonly routes: Array<{
    definition: Extract<FunctionDefinition, { kind: 'http' }>;
    match: ReturnType<typeof compileRoute>;
  }>;

  /** Where the app is reached; the local HTTP server sets it once it listens. */
  publicUrl: string;

  constructor(
    private readonly definitions: readonly FunctionDefinition[],
    private readonly log: LogSink = () => {},
    { publicUrl = 'http://127.0.0.1:7071' }: FunctionHostOptions = {},
  ) {
    this.publicUrl = publicUrl;
    this.routes = definitions
      .filter((d): d is Extract<FunctionDefinition, { kind: 'http' }> => d.kind === 'http')
      .sort((a, b) => byPrecedence(a.route, b.route)) // literal routes win over the catch-all, as in Azure
      .map((definition) => ({ definition, match: compileRoute(definition.route) }));
  }

  /** HTTP and timer invocations get no trigger metadata from the worker: only Service Bus ones pass it. */
  private context(functionName: string, triggerMetadata?: Record<string, unknown>): Invocation {
    return new InvocationContext({
      invocationId: randomUUID(),
      functionName,
      ...(triggerMetadata ? { triggerMetadata } : {}),
      logHandler: (level, ...args) => this.log(functionName, level, args),
    });
  }

  /** One HTTP call through the matching function, or 404/405 as the host would answer. */
  async http(request: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    body?: string;
  }): Promise<HostResponse> {
    const url = new URL(request.url, this.publicUrl);
    const path = url.pathname.replace(/^\/api\//, '');
    const candidates = this.routes
      .map((r) => ({ ...r, params: url.pathname.startsWith('/api/') ? r.match(path) : undefined }))
      .filter((r) => r.params);
    const route = candidates.find((r) =>
      r.definition.methods.includes(request.method.toUpperCase() as HttpMethod),
    );
    if (!route) return hostProblem(candidates.length > 0 ? 405 : 404);
    const headers = workerHeaders(request.headers ?? {}, request.body);
    const httpRequest = new HttpRequest({
      method: request.method.toUpperCase() as HttpMethod,
      url: new URL(`${url.pathname}${url.search}`, this.publicUrl).toString(),
      headers,
      params: route.params ?? {},
      ...(Number(headers['content-length'] ?? 0) > 0 ? { body: { string: request.body ?? '' } } : {}),
    });
    const response = (await route.definition.handler(
      httpRequest,
      this.context(route.definition.name),
    )) as HttpResponseInit;
    return toHostResponse(response);
  }

  /** Subscribes every Service Bus trigger to its queue: complete on return, abandon on throw, as the host does. */
  attach(bus: InProcessBus): void {
    for (const definition of this.definitions) {
      if (definition.kind !== 'serviceBusQueue' && definition.kind !== 'serviceBusTopic') continue;
      // A topic subscription is a queue of its own on the bus, named by its Service Bus path.
      const entity =
        definition.kind === 'serviceBusQueue'
          ? definition.queueName
          : `${definition.topicName}/Subscriptions/${definition.subscriptionName}`;
      // A subscription the local bus has not declared (notifications with no channel set) has no feed.
      if (definition.kind === 'serviceBusTopic' && !bus.has(entity)) continue;
      const sessions = definition.kind === 'serviceBusQueue' && definition.isSessionsEnabled;
      bus.consume(entity, async (message, settle) => {
        const metadata = triggerMetadata(message, sessions);
        // A throw propagates: the bus abandons, and dead-letters at the queue's max delivery count.
        await definition.handler(triggerInput(message.body), this.context(definition.name, metadata));
        settle.complete();
      });
    }
  }

  /** Runs a timer-triggered function once, as its schedule would. */
  async runTimer(name: string): Promise<void> {
    const definition = this.definitions.find((d) => d.kind === 'timer' && d.name === name);
    if (!definition || definition.kind !== 'timer') throw new Error(`no timer function ${name}`);
    await definition.handler(
      {
        isPastDue: false,
        schedule: { adjustForDST: false },
        scheduleStatus: { last: '', next: '', lastUpdated: '' },
      },
      this.context(name),
    );
  }

  timers(): Array<Extract<FunctionDefinition, { kind: 'timer' }>> {
    return this.definitions.filter(
      (d): d is Extract<FunctionDefinition, { kind: 'timer' }> => d.kind === 'timer',
    );
  }
}

/** What the host answers itself when no function takes the call: a problem, like the broker's own. */
function hostProblem(status: 404 | 405): HostResponse {
  const title = status === 404 ? 'Not found' : 'Method not allowed';
  return {
    status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify({
      type: `urn:identity-broker:problem:${status === 404 ? 'notFound' : 'methodNotAllowed'}`,
      title,
      status,
    }),
  };
}

function toHostResponse(response: HttpResponseInit): HostResponse {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries((response.headers ?? {}) as Record<string, string>))
    headers[key.toLowerCase()] = value;
  let body = '';
  if (response.jsonBody !== undefined) {
    body = JSON.stringify(response.jsonBody);
    headers['content-type'] ??= 'application/json';
  } else if (typeof response.body === 'string') body = response.body;
  return { status: response.status ?? 200, headers, body };
}

/**
 * Header names lower-cased, as the worker hands them over; a body sent without Content-Length gets one,
 * as any HTTP client would set it.
 */
function workerHeaders(headers: Record<string, string>, body: string | undefined): Record<string, string> {
  const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (
    body !== undefined &&
    lowered['content-length'] === undefined &&
    lowered['transfer-encoding'] === undefined
  )
    lowered['content-length'] = String(Buffer.byteLength(body));
  return lowered;
}
