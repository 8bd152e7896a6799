import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import rhea from 'rhea';
import type { EventContext, Message, Sender } from 'rhea';

/** One transfer a client sent to a queue, as rhea decoded it. */
export interface ReceivedTransfer {
  /** The queue named by the sending link's target. */
  address: string;
  /** 0 for a single message; Service Bus's batch format is 0x80013700. */
  format: number;
  message: Message;
}

/** A put-token request on `$cbs`: the claim a client asked for before using a link. */
export interface PutToken {
  audience: string;
  tokenType: string;
  token: string;
}

export interface AmqpPeer {
  /** `sb://127.0.0.1:<port>`: claims name an entity below it. */
  endpoint: string;
  /** A Service Bus connection string for this peer: plain TCP, as for the local emulator. */
  connectionString: string;
  transfers: ReceivedTransfer[];
  tokens: PutToken[];
  /** Destroys every connection still open, then stops listening. */
  close(): Promise<void>;
}

const CBS = '$cbs';

/**
 * The least of a Service Bus namespace that lets the real SDK send: SASL ANONYMOUS (rhea's default for a
 * server), every `$cbs` put-token answered 200, receiving links granted for the given queues only, and every
 * transfer recorded and accepted. No sessions, locks, management or scheduling semantics.
 */
export async function startAmqpPeer({ queues }: { queues: readonly string[] }): Promise<AmqpPeer> {
  const transfers: ReceivedTransfer[] = [];
  const tokens: PutToken[] = [];
  const container = rhea.create_container({ id: 'amqp-peer' });

  // A peer link echoes the client's terminus, as a broker that grants the link does.
  container.on('receiver_open', ({ receiver }: EventContext) => {
    if (!receiver) return;
    const address = receiver.target.address;
    receiver.set_source(receiver.source);
    receiver.set_target(receiver.target);
    if (address !== CBS && !queues.includes(address)) {
      receiver.close({ condition: 'amqp:not-found', description: `No entity named '${address}'.` });
    }
  });
  container.on('sender_open', ({ sender }: EventContext) => {
    if (!sender) return;
    sender.set_source(sender.source);
    sender.set_target(sender.target);
  });

  container.on('message', ({ receiver, message, delivery, connection }: EventContext) => {
    if (!receiver || !message || !delivery) return;
    const address = receiver.target.address;
    if (address !== CBS) {
      transfers.push({ address, format: delivery.format, message });
      return;
    }
    const props = message.application_properties ?? {};
    tokens.push({ audience: props.name, tokenType: props.type, token: message.body });
    // The reply goes out on the link whose source is `$cbs`, the client's response receiver.
    const replies = connection.find_sender((s: Sender) => s.source.address === CBS && s.is_open());
    replies?.send({
      body: null,
      ...(message.reply_to ? { to: message.reply_to } : {}),
      ...(message.message_id ? { correlation_id: message.message_id } : {}),
      application_properties: { 'status-code': 200, 'status-description': 'OK' },
    });
  });

  const sockets = new Set<Socket>();
  const server = container.listen({ port: 0, host: '127.0.0.1' });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await once(server, 'listening');
  const endpoint = `sb://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    // The emulator's flag is what makes the SDK use plain TCP (port 5672 unless the endpoint names one).
    connectionString:
      `Endpoint=${endpoint};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;` +
      'UseDevelopmentEmulator=true;',
    transfers,
    tokens,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
