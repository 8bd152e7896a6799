import { randomUUID } from 'node:crypto';
import type { Clock } from '../../src/core/clock.js';
import type { Consumer, DeadLetteredMessage, OutgoingMessage, QueuedMessage } from './busMessage.js';
import { sdkWireForm } from './sdkWireForm.js';

export interface QueueOptions {
  sessions?: boolean;
  maxDeliveryCount?: number;
  /** Drops a message whose ID was seen within the window, as Service Bus duplicate detection does. */
  duplicateDetectionWindowMs?: number;
}

interface Queue {
  name: string;
  options: Required<QueueOptions>;
  messages: QueuedMessage[];
  deadLetters: DeadLetteredMessage[];
  seenIds: Map<string, number>;
  consumer?: Consumer;
  lockedSessions: Set<string>;
  inFlight: number;
}

interface Topic {
  /** Everything the topic accepted, in order: what GET /api/dev/topics/{topic}/messages shows. */
  messages: QueuedMessage[];
  seenIds: Map<string, number>;
  duplicateDetectionWindowMs: number;
  /** Each subscription is a queue of its own, named `<topic>/Subscriptions/<name>` as in Service Bus paths. */
  subscriptions: string[];
}

/** Fault knobs for tests. */
export interface BusFaults {
  /** Deliver every completed message once more, as when a completion is lost and the lock lapses. */
  redeliverCompletedOnce: boolean;
  /** Sends to these queues throw, as when the namespace cannot be reached. */
  refuseSendsTo: Set<string>;
  /**
   * Out of order: a random source in [0, 1) that picks which of the ready messages goes next (any queue,
   * any session not locked, scheduled or not), instead of the earliest-available one.
   */
  shuffle?: () => number;
}

/**
 * Service Bus semantics in one process: sessions (one delivery at a time per session, in order),
 * peek-lock redelivery up to a max delivery count, dead-lettering with a reason, scheduled messages
 * and duplicate detection. The local host runs it in real time; tests drain it on a manual clock.
 */
export class InProcessBus {
  private readonly queues = new Map<string, Queue>();
  private readonly topics = new Map<string, Topic>();
  private sequence = 0;
  readonly faults: BusFaults = { redeliverCompletedOnce: false, refuseSendsTo: new Set() };
  private readonly redelivered = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private lookPending = false;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly clock: Clock) {}

  declareQueue(name: string, options: QueueOptions = {}): void {
    this.queues.set(name, {
      name,
      options: { sessions: false, maxDeliveryCount: 10, duplicateDetectionWindowMs: 10 * 60_000, ...options },
      messages: [],
      deadLetters: [],
      seenIds: new Map(),
      lockedSessions: new Set(),
      inFlight: 0,
    });
  }

  /** A topic copies each message to every subscription; duplicate detection on, as in infra. */
  declareTopic(
    name: string,
    { subscriptions = [] as string[], duplicateDetectionWindowMs = 10 * 60_000 } = {},
  ): void {
    const names = subscriptions.map((sub) => `${name}/Subscriptions/${sub}`);
    for (const queue of names) this.declareQueue(queue);
    this.topics.set(name, {
      messages: [],
      seenIds: new Map(),
      duplicateDetectionWindowMs,
      subscriptions: names,
    });
  }

  /** What a topic accepted, oldest first. */
  topicMessages(name: string): QueuedMessage[] {
    const topic = this.topics.get(name);
    if (!topic) throw new Error(`no topic ${name}`);
    return topic.messages;
  }

  /** Whether a queue or topic subscription of that name was declared. */
  has(name: string): boolean {
    return this.queues.has(name);
  }

  consume(name: string, consumer: Consumer): void {
    this.queue(name).consumer = consumer;
  }

  send(name: string, outgoing: OutgoingMessage): void {
    const message = sdkWireForm(outgoing); // what a receiver gets from the SDK's send, or the SDK's refusal
    const topic = this.topics.get(name);
    if (topic) return this.sendToTopic(name, topic, message);
    const queue = this.queue(name);
    if (this.faults.refuseSendsTo.has(name)) throw new Error(`cannot reach queue ${name} (injected)`);
    const now = this.clock.now();
    const messageId = message.messageId ?? randomUUID();
    const seen = queue.seenIds.get(messageId);
    if (seen !== undefined && now.getTime() - seen < queue.options.duplicateDetectionWindowMs) return;
    queue.seenIds.set(messageId, now.getTime());
    if (queue.options.sessions && !message.sessionId)
      throw new Error(`queue ${name} requires sessions: the message has no sessionId`);
    queue.messages.push({
      ...message,
      messageId,
      sequenceNumber: ++this.sequence,
      enqueuedTimeUtc: now,
      availableAt: message.scheduledEnqueueTimeUtc ?? now,
      deliveryCount: 0,
    });
    this.soon();
  }

  private sendToTopic(name: string, topic: Topic, message: OutgoingMessage): void {
    if (this.faults.refuseSendsTo.has(name)) throw new Error(`cannot reach topic ${name} (injected)`);
    const now = this.clock.now();
    const messageId = message.messageId ?? randomUUID();
    const seen = topic.seenIds.get(messageId);
    if (seen !== undefined && now.getTime() - seen < topic.duplicateDetectionWindowMs) return;
    topic.seenIds.set(messageId, now.getTime());
    topic.messages.push({
      ...message,
      messageId,
      sequenceNumber: ++this.sequence,
      enqueuedTimeUtc: now,
      availableAt: now,
      deliveryCount: 0,
    });
    for (const subscription of topic.subscriptions) this.send(subscription, { ...message, messageId });
  }

  deadLetters(name: string): DeadLetteredMessage[] {
    return this.queue(name).deadLetters;
  }

  pending(name: string): QueuedMessage[] {
    return this.queue(name).messages;
  }

  /** How many completed messages were delivered again (`redeliverCompletedOnce`): a fault test checks its fault took. */
  get redeliveries(): number {
    return this.redelivered.size;
  }

  /**
   * Between tests: no message, no fault armed, and no memory of which messages were delivered twice (a
   * later test's message under the same ID gets its copy too). Queues, topics and consumers stay.
   */
  reset(): void {
    this.purge();
    this.faults.redeliverCompletedOnce = false;
    this.faults.refuseSendsTo.clear();
    delete this.faults.shuffle;
    this.redelivered.clear();
  }

  /** Drops every queued and dead-lettered message. */
  purge(): void {
    for (const queue of this.queues.values()) {
      queue.messages.length = 0;
      queue.deadLetters.length = 0;
      queue.seenIds.clear();
    }
    for (const topic of this.topics.values()) {
      topic.messages.length = 0;
      topic.seenIds.clear();
    }
  }

  /** Delivers one ready message, if any; returns whether it did. */
  async deliverNext(): Promise<boolean> {
    const next = this.nextReady();
    if (!next) return false;
    await this.deliver(next.queue, next.message);
    return true;
  }

  /**
   * Delivers until nothing is left, moving a manual clock to each scheduled message's time.
   * Returns how many deliveries it made; stops at `maxDeliveries` to catch a loop.
   */
  async drain({
    maxDeliveries = 500,
    advance,
  }: { maxDeliveries?: number; advance?: (to: Date) => void } = {}) {
    let deliveries = 0;
    while (deliveries < maxDeliveries) {
      if (await this.deliverNext()) {
        deliveries++;
        continue;
      }
      const earliest = this.earliestScheduled();
      if (!earliest || !advance || earliest.getTime() <= this.clock.now().getTime()) break;
      advance(earliest);
      if (this.clock.now().getTime() < earliest.getTime()) break; // the clock did not move: nothing more is due
    }
    if (deliveries >= maxDeliveries) throw new Error(`bus did not settle within ${maxDeliveries} deliveries`);
    return deliveries;
  }

  /**
   * Real time, sessions in parallel: a message is delivered as it is sent (or as its session's delivery before
   * it settles), as a Service Bus receiver waiting on the queue gets it; the look every `intervalMs` only picks
   * up scheduled messages as they come due. A poll alone would add up to `intervalMs` to every hop.
   */
  start(intervalMs = 50): void {
    this.started = true;
    this.timer = setInterval(() => this.deliverReady(), intervalMs);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private deliverReady(): void {
    for (let next = this.nextReady(); next; next = this.nextReady()) {
      const run = this.deliver(next.queue, next.message).finally(() => {
        this.running.delete(run);
        this.soon(); // its session may have more waiting
      });
      this.running.add(run);
    }
  }

  /** One look for ready messages after the current turn: a burst of sends costs one. */
  private soon(): void {
    if (!this.started || this.lookPending) return;
    this.lookPending = true;
    setImmediate(() => {
      this.lookPending = false;
      if (this.started) this.deliverReady();
    });
  }

  private queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  }

  private nextReady(): { queue: Queue; message: QueuedMessage } | undefined {
    const now = this.clock.now().getTime();
    if (this.faults.shuffle) return this.randomReady(now, this.faults.shuffle);
    for (const queue of this.queues.values()) {
      if (!queue.consumer) continue;
      // A scheduled message is not on the queue until its time, so it never holds up its session;
      // among available ones, a locked session waits for its delivery in flight to settle.
      // Scheduled messages join the queue at their time: the earliest-available goes first.
      let first: QueuedMessage | undefined;
      for (const message of queue.messages) {
        if (message.availableAt.getTime() > now) continue;
        if (queue.options.sessions && queue.lockedSessions.has(message.sessionId ?? '')) continue;
        if (!first || message.availableAt < first.availableAt) first = message;
      }
      if (first) return { queue, message: first };
    }
    return undefined;
  }

  /** Any ready message, each as likely as the next: what a test of out-of-order delivery asks for. */
  private randomReady(
    now: number,
    random: () => number,
  ): { queue: Queue; message: QueuedMessage } | undefined {
    const ready: Array<{ queue: Queue; message: QueuedMessage }> = [];
    for (const queue of this.queues.values()) {
      if (!queue.consumer) continue;
      for (const message of queue.messages) {
        if (message.availableAt.getTime() > now) continue;
        if (queue.options.sessions && queue.lockedSessions.has(message.sessionId ?? '')) continue;
        ready.push({ queue, message });
      }
    }
    return ready[Math.floor(random() * ready.length)];
  }

  /** When the next scheduled message anyone consumes becomes available; undefined when none is waiting. */
  earliestScheduled(): Date | undefined {
    let earliest: number | undefined;
    // Only what someone consumes is waited for: a subscription or queue nobody reads never holds a drain open.
    for (const queue of this.queues.values())
      for (const m of queue.consumer ? queue.messages : [])
        if (earliest === undefined || m.availableAt.getTime() < earliest) earliest = m.availableAt.getTime();
    return earliest === undefined ? undefined : new Date(earliest);
  }

  private async deliver(queue: Queue, message: QueuedMessage): Promise<void> {
    const session = message.sessionId ?? '';
    queue.messages.splice(queue.messages.indexOf(message), 1);
    if (queue.options.sessions) queue.lockedSessions.add(session);
    queue.inFlight++;
    message.deliveryCount++;
    let settled: 'complete' | 'abandon' | { reason: string; description: string } = 'abandon';
    const settle = {
      complete: () => void (settled = 'complete'),
      abandon: () => void (settled = 'abandon'),
      deadLetter: (reason: string, description: string) => void (settled = { reason, description }),
    };
    try {
      await (queue.consumer as NonNullable<Queue['consumer']>)(message, settle);
    } catch (e) {
      settled = 'abandon';
      (message as QueuedMessage & { lastError?: string }).lastError = (e as Error).message;
    } finally {
      queue.inFlight--;
      queue.lockedSessions.delete(session);
    }
    this.settle(queue, message, settled);
  }

  private settle(
    queue: Queue,
    message: QueuedMessage,
    settled: 'complete' | 'abandon' | { reason: string; description: string },
  ) {
    if (settled === 'complete') {
      if (this.faults.redeliverCompletedOnce && !this.redelivered.has(message.messageId)) {
        this.redelivered.add(message.messageId);
        queue.messages.unshift(message);
      }
      return;
    }
    if (settled !== 'abandon') {
      queue.deadLetters.push({
        ...message,
        deadLetterReason: settled.reason,
        deadLetterErrorDescription: settled.description,
      });
      return;
    }
    if (message.deliveryCount >= queue.options.maxDeliveryCount) {
      const lastError = (message as QueuedMessage & { lastError?: string }).lastError ?? 'abandoned';
      queue.deadLetters.push({
        ...message,
        deadLetterReason: 'MaxDeliveryCountExceeded',
        deadLetterErrorDescription: `Message could not be consumed after ${message.deliveryCount} delivery attempts: ${lastError}`,
      });
      return;
    }
    // Back at the head of its session, available again at once (as when the lock is released).
    queue.messages.unshift(message);
  }
}
