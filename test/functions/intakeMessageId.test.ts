import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { triggerMetadata } from '../../dev/functionHost/serviceBusTriggerInput.js';
import type { QueuedMessage } from '../../dev/localBus/busMessage.js';
import { intakeMessage, messageIdRefusal } from '../../src/functions/intakeMessage.js';

/** The intake message the handler reads for a delivery whose message ID is `messageId`, as the worker hands it over. */
function delivered(messageId: string) {
  const message: QueuedMessage = {
    body: {},
    messageId,
    sequenceNumber: 1,
    enqueuedTimeUtc: new Date('2026-12-01T10:00:00.000Z'),
    availableAt: new Date('2026-12-01T10:00:00.000Z'),
    deliveryCount: 1,
  };
  return intakeMessage({}, new InvocationContext({ triggerMetadata: triggerMetadata(message, false) }));
}

describe('the message ID the intake keys a message by', () => {
  it('is the ID as sent wherever the worker hands it over as a value no other ID parses to', () => {
    // The worker JSON-parses metadata strings: "12" arrives as 12, "true" as true; "0012" is no JSON and stays text.
    const ids = ['msg-1', '0012', '12', '012', '0', '-0', '9007199254740991', 'true', 'false', '1e', 'null!'];
    expect(ids.map((id) => delivered(id).messageId)).toEqual(ids);
    for (const id of ids) expect(messageIdRefusal(delivered(id), 'needed')).toBeUndefined();
  });

  it('is refused where the worker hands over a value other IDs parse to as well, instead of keying it as theirs', () => {
    const merged = {
      // Past 2^53 a number keeps 15 to 17 digits: both arrive as 12345678901234567000.
      '12345678901234567890': '12345678901234567000',
      '12345678901234567891': '12345678901234567000',
      '89e7073266': 'Infinity', // a hex-looking ID that reads as a number too large: so does every other such one
      '1.50': '1.5',
      '[1, 2]': '[1,2]',
      '{"Id":1}': '{"id":1}', // and its keys camelCased
    };
    for (const [id, read] of Object.entries(merged)) {
      const message = delivered(id);
      expect(message.messageId, id).toBe('');
      expect(messageIdRefusal(message, 'needed'), id).toEqual({
        reason: 'AmbiguousMessageId',
        message: expect.stringContaining(`arrived as ${read}`),
        errors: [],
      });
    }
  });

  it('is missing when the message has none (or the worker hands over null)', () => {
    for (const metadata of [{}, { messageId: null }, { messageId: '' }]) {
      const message = intakeMessage({}, new InvocationContext({ triggerMetadata: metadata }));
      expect(message.messageId).toBe('');
      expect(messageIdRefusal(message, 'messageId is the idempotency key')).toEqual({
        reason: 'MissingMessageId',
        message: 'messageId is the idempotency key',
        errors: [],
      });
    }
  });
});
