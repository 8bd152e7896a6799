import Module from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';

/** What @azure/functions hands the worker for one function (`toCoreFunctionMetadata`'s output). */
interface RegisteredMetadata {
  name: string;
  bindings: Record<string, Record<string, unknown>>;
}

const registered: RegisteredMetadata[] = [];

/**
 * Stands in for the worker's `@azure/functions-core`, which @azure/functions `require`s by that name:
 * with it resolvable, registrations are real calls, not test mode's skipped ones.
 */
function provideFunctionsCore(): void {
  const stubPath = '/virtual/@azure/functions-core/index.js';
  const loader = Module as unknown as {
    _resolveFilename(request: string, ...rest: unknown[]): string;
    _cache: Record<string, unknown>;
  };
  const resolve = loader._resolveFilename;
  loader._resolveFilename = function (request, ...rest) {
    return request === '@azure/functions-core' ? stubPath : resolve.call(this, request, ...rest);
  };
  const stub = new Module(stubPath);
  stub.loaded = true;
  stub.exports = {
    setProgrammingModel: () => undefined,
    registerFunction: (metadata: RegisteredMetadata) => {
      registered.push(metadata);
      return { dispose: () => undefined };
    },
  };
  loader._cache[stubPath] = stub;
}

/** The trigger binding of each function, with the settings the host acts on. */
function triggers(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    registered.map(({ name, bindings }) => {
      const trigger = Object.values(bindings).find((b) => b.direction === 'in');
      const { name: _bindingName, ...settings } = trigger ?? {};
      return [name, settings];
    }),
  );
}

const http = (methods: string[], route: string) => ({
  type: 'httpTrigger',
  direction: 'in',
  authLevel: 'anonymous', // Easy Auth authenticates callers in front of the app
  methods,
  route,
  properties: { supportsDeferredBinding: 'false' },
});

const serviceBus = (queueName: string, isSessionsEnabled: boolean) => ({
  type: 'serviceBusTrigger',
  direction: 'in',
  connection: 'ServiceBusConnection',
  queueName,
  isSessionsEnabled,
  properties: { supportsDeferredBinding: 'false' },
});

beforeAll(async () => {
  provideFunctionsCore();
  await import('../../src/index.js'); // the entry the worker loads (package.json main)
});

describe('what the app registers with the Functions worker', () => {
  it('registers every function with the triggers, routes, queues and schedule the host acts on', () => {
    expect(triggers()).toEqual({
      submitRequest: http(['POST'], 'identity-requests'),
      previewRequest: http(['POST'], 'identity-requests/plan'),
      getRequest: http(['GET'], 'identity-requests/{id}'),
      listRequests: http(['GET'], 'identity-requests'),
      approveRequest: http(['POST'], 'identity-requests/{id}/approve'),
      rejectRequest: http(['POST'], 'identity-requests/{id}/reject'),
      cancelRequest: http(['POST'], 'identity-requests/{id}/cancel'),
      revokeRequest: http(['POST'], 'identity-requests/{id}/revoke'),
      listApprovals: http(['GET'], 'approvals'),
      showApproval: http(['GET'], 'approvals/{id}'),
      decideApproval: http(['POST'], 'approvals/{id}/decision'),
      health: http(['GET'], 'health'),
      openApi: http(['GET'], 'openapi.json'),
      // Signed by the ticket system, not an Easy Auth caller (excluded from Easy Auth in infra).
      serviceNowTicket: http(['POST'], 'tickets/servicenow'),
      jiraTicket: http(['POST'], 'tickets/jira'),
      // The classic trigger: no SDK binding, settled by the host (complete on return, abandon on throw).
      intakeRequests: serviceBus('identity-requests', false),
      executeOperations: serviceBus('identity-operations', true),
      // The notifier reads its own subscription of the events topic.
      notifyApprovers: {
        type: 'serviceBusTrigger',
        direction: 'in',
        connection: 'ServiceBusConnection',
        topicName: 'identity-request-events',
        subscriptionName: 'notifications',
        properties: { supportsDeferredBinding: 'false' },
      },
      // The ticket write-back reads the events topic's ticket-write-back subscription.
      writeBackTickets: {
        type: 'serviceBusTrigger',
        direction: 'in',
        connection: 'ServiceBusConnection',
        topicName: 'identity-request-events',
        subscriptionName: 'ticket-write-back',
        properties: { supportsDeferredBinding: 'false' },
      },
      // One channel's scheduled retry of one event, for either.
      retryNotifications: serviceBus('notification-retries', false),
      sweepRequests: {
        type: 'timerTrigger',
        direction: 'in',
        schedule: '0 */5 * * * *',
        properties: { supportsDeferredBinding: 'false' },
      },
      routeNotFound: http(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'], '{*path}'),
    });
  });

  it('gives HTTP functions an HTTP return binding and nothing else any other output', () => {
    for (const { name, bindings } of registered) {
      const outputs = Object.entries(bindings).filter(([, b]) => b.direction === 'out');
      const isHttp = Object.values(bindings).some((b) => b.type === 'httpTrigger');
      expect([name, outputs.map(([key, b]) => [key, b.type])]).toEqual([
        name,
        isHttp ? [['$return', 'http']] : [],
      ]);
    }
  });
});
