import type {
  MessageHandlers,
  ServiceBusMessage,
  ServiceBusReceivedMessage,
  ServiceBusReceiver,
  ServiceBusSender,
} from '@azure/service-bus';

// Hand-written stand-ins for the two SDK methods the client uses: no Service Bus runs on these machines
// (FACTS.md: no emulator), so these honour the SDK's signatures, not a broker's behaviour.

/** Records what `sendMessages` was given, one entry per message, as the SDK would put them on the wire. */
export class RecordingSender implements Pick<ServiceBusSender, 'sendMessages' | 'close'> {
  readonly sent: ServiceBusMessage[] = [];
  closed = false;
  constructor(private readonly forward?: (message: ServiceBusMessage) => void) {}
  sendMessages(messages: ServiceBusMessage | ServiceBusMessage[]): Promise<void> {
    for (const m of Array.isArray(messages) ? messages : [messages]) {
      this.sent.push(m);
      this.forward?.(m);
    }
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** A received event, with only the fields a topic subscription would fill that the client reads. */
export const receivedEvent = (message: Partial<ServiceBusReceivedMessage>): ServiceBusReceivedMessage =>
  ({ contentType: 'application/json', ...message }) as ServiceBusReceivedMessage;

/** Delivers what the test pushes to the one handler `subscribe` registered, in order, awaiting each. */
export class PushReceiver implements Pick<ServiceBusReceiver, 'subscribe' | 'close'> {
  private handlers: MessageHandlers | undefined;
  subscriptions = 0;
  open = 0;
  closed = false;
  subscribe(handlers: MessageHandlers): { close(): Promise<void> } {
    this.handlers = handlers;
    this.subscriptions++;
    this.open++;
    return {
      close: () => {
        this.handlers = undefined;
        this.open--;
        return Promise.resolve();
      },
    };
  }
  /** Delivers messages while someone is subscribed; what arrives after the subscription closed is dropped. */
  async push(...messages: ServiceBusReceivedMessage[]): Promise<void> {
    for (const m of messages) await this.handlers?.processMessage(m);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
