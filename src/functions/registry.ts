import {
  app,
  type HttpHandler,
  type HttpMethod,
  type ServiceBusQueueHandler,
  type ServiceBusTopicHandler,
  type TimerHandler,
} from '@azure/functions';

/** Service Bus connection setting prefix (`ServiceBusConnection__fullyQualifiedNamespace` in Azure). */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';

export type FunctionDefinition =
  | { kind: 'http'; name: string; methods: HttpMethod[]; route: string; handler: HttpHandler }
  | {
      kind: 'serviceBusQueue';
      name: string;
      queueName: string;
      isSessionsEnabled: boolean;
      handler: ServiceBusQueueHandler;
    }
  | {
      kind: 'serviceBusTopic';
      name: string;
      topicName: string;
      subscriptionName: string;
      handler: ServiceBusTopicHandler;
    }
  | { kind: 'timer'; name: string; schedule: string; handler: TimerHandler };

/** Every function registered in this process, so the local host serves exactly what Azure would. */
export const registeredFunctions: FunctionDefinition[] = [];

export function registerFunction(definition: FunctionDefinition): void {
  registeredFunctions.push(definition);
  switch (definition.kind) {
    case 'http':
      app.http(definition.name, {
        methods: definition.methods,
        route: definition.route,
        authLevel: 'anonymous', // App Service Authentication (Easy Auth) authenticates callers in front of the app
        handler: definition.handler,
      });
      break;
    case 'serviceBusQueue':
      app.serviceBusQueue(definition.name, {
        connection: SERVICE_BUS_CONNECTION,
        queueName: definition.queueName,
        isSessionsEnabled: definition.isSessionsEnabled,
        handler: definition.handler,
      });
      break;
    case 'serviceBusTopic':
      app.serviceBusTopic(definition.name, {
        connection: SERVICE_BUS_CONNECTION,
        topicName: definition.topicName,
        subscriptionName: definition.subscriptionName,
        handler: definition.handler,
      });
      break;
    case 'timer':
      app.timer(definition.name, { schedule: definition.schedule, handler: definition.handler });
      break;
  }
}
