import {
  app,
  type HttpHandler,
  type HttpMethod,
  type InvocationContext,
  type ServiceBusQueueHandler,
  type TimerHandler,
} from '@azure/functions';

/** Service Bus connection setting prefix (`ServiceBusConnection__fullyQualifiedNamespace` in Azure). */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';

/** A message handed over with explicit settlement (the trigger's SDK binding). */
export interface SettleableMessages {
  messages: ReceivedMessage | ReceivedMessage[];
  actions: MessageActions;
}

export interface ReceivedMessage {
  body: unknown;
  messageId?: string | number | Buffer;
  deliveryCount?: number;
  sessionId?: string;
  replyTo?: string;
  correlationId?: string | number | Buffer;
  applicationProperties?: Record<string, unknown>;
}

export interface MessageActions {
  complete(message: ReceivedMessage): Promise<void>;
  abandon(message: ReceivedMessage): Promise<void>;
  deadletter(
    message: ReceivedMessage,
    propertiesToModify?: unknown,
    reason?: string,
    description?: string,
  ): Promise<void>;
}

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
      kind: 'serviceBusQueueSettled';
      name: string;
      queueName: string;
      handler: (messages: SettleableMessages, context: InvocationContext) => Promise<void>;
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
    case 'serviceBusQueueSettled':
      app.serviceBusQueue(definition.name, {
        connection: SERVICE_BUS_CONNECTION,
        queueName: definition.queueName,
        sdkBinding: true,
        autoCompleteMessages: false,
        handler: definition.handler as ServiceBusQueueHandler,
      });
      break;
    case 'timer':
      app.timer(definition.name, { schedule: definition.schedule, handler: definition.handler });
      break;
  }
}
