import type { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { InvalidSubmissionError } from '../../src/client/invalidSubmissionError.js';
import { submitToQueue } from '../../src/client/submitToQueue.js';
import { RecordingSender } from './support/fakeBus.js';

const SUB = '/subscriptions/a05fbbd9-8ab0-444d-8f67-8b5713b8eef5';
const submission = {
  target: `${SUB}/resourceGroups/rg-automation/providers/Microsoft.Automation/automationAccounts/aa-patching`,
  operations: [{ kind: 'enableSystemAssignedIdentity' as const }],
  justification: 'Nightly patching runbook needs an identity',
  requestedBy: 'provisioning-service',
};

describe('submitToQueue', () => {
  it('sends one JSON message whose messageId is the one the caller chose', async () => {
    const sender = new RecordingSender();
    const sent = await submitToQueue({ sender }, submission, { messageId: 'order-42' });
    expect(sent).toEqual({ messageId: 'order-42' });
    expect(sender.sent).toEqual([
      { body: submission, messageId: 'order-42', contentType: 'application/json' },
    ]);
  });

  it('gives the message a new UUID when the caller names none, and returns it to correlate on', async () => {
    const sender = new RecordingSender();
    const { messageId } = await submitToQueue({ sender }, submission);
    expect(messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sender.sent[0]?.messageId).toBe(messageId);
  });

  it('refuses an invalid submission naming each invalid field, and sends nothing', async () => {
    const sender = new RecordingSender();
    const invalid = {
      ...submission,
      operations: [{ kind: 'assignRole', principal: 'me', role: 'Reader', scope: SUB }],
      justification: ' ',
      colour: 'blue',
    };
    const refused = await submitToQueue({ sender }, invalid as never).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidSubmissionError);
    const error = refused as InvalidSubmissionError;
    expect(error.code).toBe('invalidSubmission');
    expect(error.errors.map((e) => e.path).sort()).toEqual([
      'colour',
      'justification',
      'operations[0].principal',
    ]);
    expect(error.message).toContain('operations[0].principal');
    expect(sender.sent).toEqual([]);
  });

  it('given a client, sends on a sender for the intake queue (or the one named) and closes it', async () => {
    const senders: Array<{ queue: string; sender: RecordingSender }> = [];
    const client = {
      createSender: (queue: string) => {
        const sender = new RecordingSender();
        senders.push({ queue, sender });
        return sender;
      },
    } as unknown as ServiceBusClient;
    await submitToQueue({ client }, submission, { messageId: 'a' });
    await submitToQueue({ client, queueName: 'identity-requests-test' }, submission, { messageId: 'b' });
    expect(senders.map((s) => [s.queue, s.sender.sent.map((m) => m.messageId), s.sender.closed])).toEqual([
      ['identity-requests', ['a'], true],
      ['identity-requests-test', ['b'], true],
    ]);
  });
});
