import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN } from '../../dev/armSandbox/seed.js';
import { INTAKE_QUEUE, INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { APPROVER, PROVISIONING_SERVICE } from '../support/callers.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const valid = {
  target: AUTOMATION_ACCOUNT_PLAIN,
  operations: [{ kind: 'enableSystemAssignedIdentity' }],
  justification: 'from the provisioning service',
  requestedBy: 'provisioning-service',
};

/** Sends each ID's message (the same body) through the local host, as the worker would hand it over. */
async function sendEach(...messageIds: string[]) {
  for (const messageId of messageIds) broker.bus.send(INTAKE_QUEUE, { body: valid, messageId });
  await broker.bus.drain({ maxDeliveries: 20 });
}

async function requests(): Promise<Array<{ correlationId: string }>> {
  const listed = await broker.call('GET', `/api/identity-requests?requestedBy=${PROVISIONING_SERVICE.id}`, {
    as: APPROVER,
  });
  return listed.json.items;
}

const rejected = () =>
  broker.bus
    .pending(INTAKE_REJECTED_QUEUE)
    .map((m) => [m.messageId, m.applicationProperties?.DeadLetterReason] as const);

describe('queue intake: message IDs that look like JSON (the worker parses them)', () => {
  it('makes one request per message for IDs the worker hands over apart: "0012" and "12", "-0" and "0", "true"', async () => {
    await sendEach('0012', '12', '-0', '0', 'true');
    const made = await requests();
    expect(made.map((r) => r.correlationId).sort()).toEqual(['-0', '0', '0012', '12', 'true']);
    expect(rejected()).toEqual([]);
  });

  it('a replay of a numeric ID is still a replay: one request', async () => {
    await sendEach('12');
    broker.clock.advanceBy(11 * 60_000); // past the queue's duplicate detection: the key alone keeps it single
    await sendEach('12');
    expect((await requests()).map((r) => r.correlationId)).toEqual(['12']);
  });

  it('refuses, never merges, messages whose IDs the worker hands over as one value: neither is a replay of the other', async () => {
    await sendEach('12345678901234567890', '12345678901234567891');
    expect(await requests()).toEqual([]);
    // Each kept on its own: no message ID of its own that the rejected queue's duplicate detection could merge.
    expect(rejected()).toHaveLength(2);
    for (const kept of broker.bus.pending(INTAKE_REJECTED_QUEUE)) {
      expect(kept.applicationProperties?.DeadLetterReason).toBe('AmbiguousMessageId');
      expect(String(kept.applicationProperties?.DeadLetterErrorDescription)).toContain(
        'arrived as 12345678901234567000',
      );
      expect(kept.applicationProperties).not.toHaveProperty('OriginalMessageId');
    }
  });
});
