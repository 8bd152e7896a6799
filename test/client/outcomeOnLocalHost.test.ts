import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEventMessage } from '../../src/client/requestEventSchema.js';
import { INTAKE_QUEUE_NAME, submitToQueue } from '../../src/client/submitToQueue.js';
import { EVENTS_TOPIC_NAME, waitForOutcome } from '../../src/client/waitForOutcome.js';
import { DEFAULT_RETRY } from '../../src/core/retrySettings.js';
import { type LocalHost, startLocalHost } from '../../dev/localHost.js';
import { APPROVER, easyAuthHeaders, PROVISIONING_SERVICE } from '../support/callers.js';
import { localQueueSender, localTopicReceiver } from './support/localBusBridge.js';

// Queue submission and wait-for-outcome against the running local host: its in-process bus stands in for
// Service Bus behind the SDK methods the client calls (no Service Bus runs here).
const firstRequest = JSON.parse(
  readFileSync(new URL('../../dev/examples/first-request.json', import.meta.url), 'utf8'),
) as Omit<Parameters<typeof submitToQueue>[1], 'requestedBy'>;

let host: LocalHost;
beforeAll(async () => {
  host = await startLocalHost({
    port: 0,
    quiet: true,
    retry: { ...DEFAULT_RETRY, baseDelayMs: 50, pollIntervalMs: 50 },
  });
}, 60_000);
afterAll(() => host.stop());

describe('a queue submission and its outcome, on the local host', () => {
  it('waits through approval to the succeeded event correlated by the message ID', async () => {
    const sender = localQueueSender(host.bus, INTAKE_QUEUE_NAME);
    const receiver = localTopicReceiver(host.bus, EVENTS_TOPIC_NAME);
    // Another service's request goes through first: its events must not be taken for ours.
    await submitToQueue(
      { sender },
      { ...firstRequest, requestedBy: PROVISIONING_SERVICE.name },
      { messageId: 'other' },
    );
    const { messageId } = await submitToQueue(
      { sender },
      { ...firstRequest, requestedBy: PROVISIONING_SERVICE.name },
    );
    const seen: RequestEventMessage[] = [];
    const approve = (event: RequestEventMessage) =>
      fetch(`${host.url}/api/identity-requests/${event.body.requestId}/approve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...easyAuthHeaders(APPROVER) },
        body: JSON.stringify({ comment: 'fine' }),
      }).then((r) => expect(r.status).toBe(200));
    let approved: Promise<void> | undefined;
    const outcome = await waitForOutcome(
      { receiver },
      {
        correlationId: messageId,
        timeoutMs: 30_000,
        onEvent: (event) => {
          seen.push(event);
          if (event.body.state === 'awaitingApproval') approved = approve(event);
        },
      },
    );
    await approved;
    expect(outcome).toMatchObject({
      subject: 'requestSucceeded',
      correlationId: messageId,
      body: { state: 'succeeded' },
    });
    expect(outcome.body.results).toHaveLength(3);
    expect(seen.map((e) => e.subject)).toEqual([
      'approvalRequested',
      'requestApproved',
      'applyStarted',
      'requestSucceeded',
    ]);
    expect(new Set(seen.map((e) => e.body.requestId)).size).toBe(1);
  }, 40_000);
});
