import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessionIdFor } from '../../src/adapters/serviceBus/sessionIdFor.js';
import {
  EVENTS_TOPIC,
  INTAKE_QUEUE,
  INTAKE_REJECTED_QUEUE,
  OPERATIONS_QUEUE,
} from '../../src/adapters/serviceBus/queueNames.js';
import type { OutboxEvent } from '../../src/core/outboxEvent.js';
import type { EventPublisher, Nudger, ReplySender } from '../../src/core/ports.js';
import type { RejectedMessage, RejectedMessageSink } from '../../src/core/rejectedMessageSink.js';
import { AA, SUB } from '../fakes/ids.js';

export const REPLY_QUEUE = 'replies-contract';
/** Every entity the broker sends to, as the contract's buses must declare them. */
export const CONTRACT_ENTITIES = [
  OPERATIONS_QUEUE,
  EVENTS_TOPIC,
  INTAKE_REJECTED_QUEUE,
  REPLY_QUEUE,
] as const;

/**
 * One message as a receiver gets it: the broker-visible properties, and the body as @azure/service-bus's
 * default decoding reads a data section (its JSON, or the bytes where they are not JSON).
 */
export interface WireMessage {
  messageId?: string;
  sessionId?: string;
  correlationId?: string;
  subject?: string;
  contentType?: string;
  replyTo?: string;
  applicationProperties?: Record<string, unknown>;
  scheduledEnqueueTimeUtc?: Date;
  body: unknown;
}

/** The broker's four senders on one bus, and what each entity received. */
export interface BusUnderTest {
  nudger: Nudger;
  events: EventPublisher;
  rejected: RejectedMessageSink;
  replies: ReplySender;
  /** What `entity` received since the last `clear`, oldest first. */
  received(entity: string): Promise<WireMessage[]>;
  clear(): void;
  close(): Promise<void>;
}

const LONG_TARGET =
  `/subscriptions/${SUB}/resourceGroups/${'rg-'.padEnd(90, 'x')}` +
  `/providers/Microsoft.Automation/automationAccounts/${'aa-'.padEnd(50, 'y')}`;

const event = (sequence: number, correlationId?: string): OutboxEvent => ({
  sequence,
  messageId: `fe5d00000000000000000001-${sequence}`,
  subject: sequence === 1 ? 'requestSubmitted' : 'requestApproved',
  ...(correlationId ? { correlationId } : {}),
  body: {
    type: sequence === 1 ? 'requestSubmitted' : 'requestApproved',
    requestId: 'fe5d00000000000000000001',
    state: sequence === 1 ? 'awaitingApproval' : 'approved',
    target: AA,
    at: '2026-11-23T09:00:00.000Z',
  },
});

const refused = (over: Partial<RejectedMessage> = {}): RejectedMessage => ({
  body: { target: AA, operations: 'not a list', extra: [1, null, { deep: true }] },
  messageId: 'intake-1',
  correlationId: 'caller-corr',
  replyTo: 'replies-caller',
  contentType: 'application/json',
  subject: 'submit',
  enqueuedTimeUtc: '2026-11-23T08:59:00.000Z',
  deliveryCount: 1,
  applicationProperties: { tenant: 'contoso', priority: 3, urgent: true },
  queue: INTAKE_QUEUE,
  reason: 'InvalidRequest',
  description: 'operations: must be a list',
  errors: [{ path: 'operations', message: 'must be a list' }],
  ...over,
});

/**
 * What the broker's senders put on the bus, whichever bus it is: the local in-process bus must record what
 * the real SDK sends to a Service Bus namespace, field for field, or the local host tests something else.
 */
export function busContract(name: string, make: () => Promise<BusUnderTest>): void {
  describe(`${name}: what the broker's senders put on the bus`, () => {
    let bus: BusUnderTest;
    beforeAll(async () => {
      bus = await make();
    });
    afterAll(() => bus.close());
    beforeEach(() => bus.clear());

    it('a nudge for now: JSON body, the target’s session, its message ID, no schedule', async () => {
      await bus.nudger.nudge({ requestId: 'req-now', target: AA, version: 3 });
      expect(await bus.received(OPERATIONS_QUEUE)).toStrictEqual([
        {
          messageId: 'req-now:3:now',
          sessionId: sessionIdFor(AA),
          subject: 'nudge',
          contentType: 'application/json',
          applicationProperties: { target: AA },
          body: { v: 1, requestId: 'req-now' },
        },
      ]);
    });

    it('a scheduled nudge with a correlation ID carries both; a long target still fits a session ID', async () => {
      const at = new Date('2026-11-23T10:15:30.250Z');
      await bus.nudger.nudge(
        { requestId: 'req-later', target: LONG_TARGET, version: 4, correlationId: 'c-1' },
        at,
      );
      expect(await bus.received(OPERATIONS_QUEUE)).toStrictEqual([
        {
          messageId: 'req-later:4:2026-11-23T10:15:30.250Z',
          sessionId: sessionIdFor(LONG_TARGET),
          correlationId: 'c-1',
          subject: 'nudge',
          contentType: 'application/json',
          applicationProperties: { target: LONG_TARGET },
          scheduledEnqueueTimeUtc: at,
          body: { v: 1, requestId: 'req-later' },
        },
      ]);
    });

    it('events, in order, each with its subject, message ID and correlation ID where it has one', async () => {
      await bus.events.publish([event(1, 'intake-1'), event(2)]);
      await bus.events.publish([]);
      expect(await bus.received(EVENTS_TOPIC)).toStrictEqual(
        [event(1, 'intake-1'), event(2)].map((e) => ({
          messageId: e.messageId,
          ...(e.correlationId ? { correlationId: e.correlationId } : {}),
          subject: e.subject,
          contentType: 'application/json',
          body: e.body,
        })),
      );
    });

    it('a refused message: its body and properties as they came, with the reason', async () => {
      await bus.rejected.keep(refused());
      expect(await bus.received(INTAKE_REJECTED_QUEUE)).toStrictEqual([
        {
          messageId: 'intake-1',
          correlationId: 'caller-corr',
          subject: 'submit',
          contentType: 'application/json',
          replyTo: 'replies-caller',
          applicationProperties: {
            tenant: 'contoso',
            priority: 3,
            urgent: true,
            DeadLetterReason: 'InvalidRequest',
            DeadLetterErrorDescription: 'operations: must be a list',
            DeadLetterErrors: JSON.stringify([{ path: 'operations', message: 'must be a list' }]),
            OriginalQueue: INTAKE_QUEUE,
            OriginalMessageId: 'intake-1',
            OriginalEnqueuedTimeUtc: '2026-11-23T08:59:00.000Z',
            OriginalDeliveryCount: 1,
          },
          body: refused().body,
        },
      ]);
    });

    it('a refused message whose body was text, bytes, or nothing: the receiver reads what the SDK sent', async () => {
      const bytes = Buffer.from([0xff, 0x00, 0x7b]); // not UTF-8 JSON
      await bus.rejected.keep(refused({ messageId: '', body: '{"target": ' }));
      await bus.rejected.keep(refused({ messageId: '', body: bytes }));
      await bus.rejected.keep(refused({ messageId: '', body: undefined }));
      const bodies = (await bus.received(INTAKE_REJECTED_QUEUE)).map((m) => m.body);
      // Text goes as a JSON string; bytes as they are; no body as JSON null.
      expect(bodies).toStrictEqual(['{"target": ', bytes, null]);
    });

    it('a reply: JSON with its subject, and a correlation ID only where the asker’s message had an ID', async () => {
      await bus.replies.send(REPLY_QUEUE, {
        body: { type: 'planResult' },
        subject: 'planResult',
        correlationId: 'm-1',
      });
      await bus.replies.send(REPLY_QUEUE, {
        body: { type: 'requestInvalid' },
        subject: 'requestInvalid',
        correlationId: '',
      });
      const replies = (await bus.received(REPLY_QUEUE)).map(({ messageId: _assigned, ...m }) => m);
      expect(replies).toStrictEqual([
        {
          subject: 'planResult',
          contentType: 'application/json',
          correlationId: 'm-1',
          body: { type: 'planResult' },
        },
        { subject: 'requestInvalid', contentType: 'application/json', body: { type: 'requestInvalid' } },
      ]);
    });

    it('refuses what Service Bus cannot carry: a message ID over 128 characters', async () => {
      await expect(bus.rejected.keep(refused({ messageId: 'm'.repeat(129) }))).rejects.toThrow(/128/);
      expect(await bus.received(INTAKE_REJECTED_QUEUE)).toStrictEqual([]);
    });
  });
}
