import { describe, expect, it } from 'vitest';
import type { SentKey, SentMarks } from '../../src/core/notifications/channel.js';

/** A store that reads back the outcome a key was first marked with (the table's `Outcome` column). */
export interface InspectableSentMarks {
  marks: SentMarks;
  outcomeOf(key: SentKey): Promise<string | undefined>;
}

let keys = 0;
const keyOf = (overrides: Partial<SentKey> = {}): SentKey => ({
  requestId: `ffff0000000000000000${String(++keys).padStart(4, '0')}`,
  version: 2,
  channel: 'teams',
  ...overrides,
});

/** What every SentMarks must do: the Table adapter on Azurite and the in-memory fake pass the same checks. */
export function sentMarksContract(name: string, make: () => Promise<InspectableSentMarks>): void {
  describe(`${name}: sent marks`, () => {
    it('has no mark before one is made, and has it after', async () => {
      const { marks } = await make();
      const key = keyOf();
      expect(await marks.has(key)).toBe(false);
      await marks.mark(key, 'sent');
      expect(await marks.has(key)).toBe(true);
    });

    it('keys each mark by request, version and channel: a neighbour is not marked', async () => {
      const { marks } = await make();
      const key = keyOf({ version: 7, channel: 'servicenow' });
      await marks.mark(key, 'sent');
      expect(await marks.has({ ...key, version: 8 })).toBe(false);
      expect(await marks.has({ ...key, version: 6 })).toBe(false);
      expect(await marks.has({ ...key, channel: 'jira' })).toBe(false);
      expect(await marks.has({ ...key, channel: 'servicenow-x' })).toBe(false);
      expect(await marks.has({ ...key, requestId: keyOf().requestId })).toBe(false);
    });

    it('keeps versions apart however many digits they have (2 is not 0x20, 16 is not 1|6)', async () => {
      const { marks } = await make();
      const key = keyOf({ version: 2 });
      await marks.mark({ ...key, version: 16 }, 'sent');
      expect(await marks.has({ ...key, version: 1 })).toBe(false);
      expect(await marks.has({ ...key, version: 32 })).toBe(false);
      expect(await marks.has({ ...key, version: 16 })).toBe(true);
    });

    it('a second mark of one key succeeds and keeps the first outcome (insert-only)', async () => {
      const { marks, outcomeOf } = await make();
      const key = keyOf();
      await marks.mark(key, 'gaveUp');
      await expect(marks.mark(key, 'sent')).resolves.toBeUndefined();
      expect(await outcomeOf(key)).toBe('gaveUp');
    });

    it('two deliveries marking one key at once both succeed, and one outcome is kept', async () => {
      const { marks, outcomeOf } = await make();
      const key = keyOf();
      await Promise.all([marks.mark(key, 'sent'), marks.mark(key, 'sent')]);
      expect(await marks.has(key)).toBe(true);
      expect(await outcomeOf(key)).toBe('sent');
    });
  });
}
