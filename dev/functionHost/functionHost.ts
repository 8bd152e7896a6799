import { randomUUID } from 'node:crypto';
import functions, {
  type HttpMethod,
  type HttpResponseInit,
  type InvocationContext as Invocation,
} from '@azure/functions';

// A CommonJS package whose classes Node's ESM loader cannot name: take them from its exports object.
const { HttpRequest, InvocationContext } = functions;
import type { FunctionDefinition, ReceivedMessage } from '../../src/functions/registry.js';
import type { InProcessBus } from '../localBus/inProcessBus.js';
import type { QueuedMessage, Settlement } from '../localBus/busMessage.js';
import { byPrecedence, compileRoute } from './routeTemplate.js';

export interface HostResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type LogSink = (functionName: string, level: string, args: unknown[]) => void;

/**
 * Runs the registered function handlers the way the Functions host would: HTTP routes under /api,
 * Service Bus triggers fed by the in-process bus (classic binding or explicit settlement), timers on demand.
 */
export class FunctionHost {
  private readonly routes: Array<{
    definition: Extract<FunctionDefinition, { kind: 'http' }>;
    match: ReturnType<typeof compileRoute>;
  }>;

  constructor(
    private readonly definitions: readonly FunctionDefinition[],
    private readonly log: LogSink = () => {},
  ) {
    this.routes = definitions
      .filter((d): d is Extract<FunctionDefinition, { kind: 'http' }> => d.kind === 'http')
      .sort((a, b) => byPrecedence(a.route, b.route)) // literal routes win over the catch-all, as in Azure
      .map((definition) => ({ definition, match: compileRoute(definition.route) }));
  }

  private context(functionName: string, triggerMetadata: Record<string, unknown> = {}): Invocation {
    return new InvocationContext({
      invocationId: randomUUID(),
      functionName,
      triggerMetadata,
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
    const url = new URL(request.url, 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/api\//, '');
    const candidates = this.routes
      .map((r) => ({ ...r, params: url.pathname.startsWith('/api/') ? r.match(path) : undefined }))
      .filter((r) => r.params);
    const route = candidates.find((r) =>
      r.definition.methods.includes(request.method.toUpperCase() as HttpMethod),
    );
    if (!route) return hostProblem(candidates.length > 0 ? 405 : 404);
    const httpRequest = new HttpRequest({
      method: request.method.toUpperCase() as HttpMethod,
      url: url.toString(),
      headers: request.headers ?? {},
      params: route.params ?? {},
      ...(request.body !== undefined ? { body: { string: request.body } } : {}),
    });
    const response = (await route.definition.handler(
      httpRequest,
      this.context(route.definition.name),
    )) as HttpResponseInit;
    return toHostResponse(response);
  }

  /** Subscribes every Service Bus trigger to its queue on the bus. */
  attach(bus: InProcessBus): void {
    for (const definition of this.definitions) {
      if (definition.kind === 'serviceBusQueue')
        bus.consume(definition.queueName, async (message, settle) => {
          await definition.handler(message.body, this.context(definition.name, triggerMetadata(message)));
          settle.complete(); // the host's autoCompleteMessages
        });
      if (definition.kind === 'serviceBusQueueSettled')
        bus.consume(definition.queueName, (message, settle) =>
          definition.handler(
            { messages: receivedMessage(message), actions: actionsFor(settle) },
            this.context(definition.name, triggerMetadata(message)),
          ),
        );
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

/** The camelCase trigger metadata the real host passes to a Service Bus trigger. */
function triggerMetadata(message: QueuedMessage): Record<string, unknown> {
  return {
    messageId: message.messageId,
    deliveryCount: message.deliveryCount,
    sessionId: message.sessionId,
    enqueuedTimeUtc: message.enqueuedTimeUtc.toISOString(),
    sequenceNumber: message.sequenceNumber,
    contentType: message.contentType,
    correlationId: message.correlationId,
    replyTo: message.replyTo,
    subject: message.subject,
    applicationProperties: message.applicationProperties ?? {},
  };
}

function receivedMessage(message: QueuedMessage): ReceivedMessage {
  return {
    body: message.body,
    messageId: message.messageId,
    deliveryCount: message.deliveryCount,
    ...(message.sessionId ? { sessionId: message.sessionId } : {}),
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.correlationId ? { correlationId: message.correlationId } : {}),
    applicationProperties: message.applicationProperties ?? {},
  };
}

function actionsFor(settle: Settlement) {
  return {
    complete: async () => settle.complete(),
    abandon: async () => settle.abandon(),
    deadletter: async (_m: ReceivedMessage, _props?: unknown, reason?: string, description?: string) =>
      settle.deadLetter(reason ?? 'DeadLettered', description ?? ''),
  };
}
