import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idempotencyRowKey } from '../../src/adapters/tables/idempotencyRowKey.js';
import {
  OUTBOX_END,
  OUTBOX_PREFIX,
  STATE_ROW,
  eventRowKey,
  isOutboxRow,
  outboxRowKey,
} from '../../src/adapters/tables/requestEntity.js';
import { resourceIdKey } from '../../src/core/resourceId.js';
import { roleAssignmentName } from '../../src/core/roleAssignmentName.js';

// Table storage refuses these in PartitionKey and RowKey.
// eslint-disable-next-line no-control-regex -- control characters are exactly what a key must not hold
const KEY_SAFE = /^[^/\\#?\u0000-\u001f\u007f-\u009f]*$/;

/** Any JavaScript string, lone surrogates included: what a JSON body's "\ud800" escape can carry. */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 12,
});
const text = fc.oneof(anyText, fc.string({ unit: 'binary', maxLength: 12 }));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Two keys, mostly unrelated; sometimes the same but for one UTF-16 unit (where encodings go wrong). */
const twoKeys = fc.oneof(
  fc.tuple(text, text),
  fc
    .tuple(anyText, anyText, fc.oneof(loneSurrogate, anyText), loneSurrogate)
    .map(([head, tail, x, y]) => [`${head}${x}${tail}`, `${head}${y}${tail}`] as [string, string]),
);
const sequence = fc.nat({ max: Number.MAX_SAFE_INTEGER });

describe('table keys (property tests)', () => {
  it('idempotency row keys: distinct keys, whatever they hold, never share a row, and are always key-safe', () => {
    fc.assert(
      fc.property(twoKeys, ([a, b]) => {
        fc.pre(a !== b);
        expect(idempotencyRowKey(a)).not.toBe(idempotencyRowKey(b));
        expect(idempotencyRowKey(a)).toMatch(KEY_SAFE);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a well-formed key keeps the row it had before lone surrogates were told apart (SHA-256 of its UTF-8)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (key) => {
        fc.pre(Buffer.from(key, 'utf8').toString('utf8') === key); // well-formed: 'binary' may hold lone surrogates
        expect(idempotencyRowKey(key)).toBe(createHash('sha256').update(key, 'utf8').digest('base64url'));
      }),
      { numRuns: 300 },
    );
  });

  it('event row keys: one per sequence number, read back as it, sorting as the numbers do', () => {
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const [ka, kb] = [eventRowKey(a), eventRowKey(b)];
        expect(parseInt(ka, 16)).toBe(a);
        expect(ka).toMatch(/^[0-9A-F]{16}$/);
        expect(ka < kb).toBe(a < b);
        expect(ka === kb).toBe(a === b);
      }),
      { numRuns: 1_000 },
    );
  });

  it('outbox row keys never meet event rows or the state row, and sort in their own range', () => {
    fc.assert(
      fc.property(sequence, sequence, (a, b) => {
        const outbox = outboxRowKey(a);
        expect(outbox).not.toBe(eventRowKey(b));
        expect(outbox).not.toBe(STATE_ROW);
        expect(outbox > eventRowKey(b) && outbox >= OUTBOX_PREFIX && outbox < OUTBOX_END).toBe(true);
        expect(isOutboxRow({ rowKey: outbox })).toBe(true);
        expect(isOutboxRow({ rowKey: eventRowKey(b) })).toBe(false);
        expect(outboxRowKey(a) === outboxRowKey(b)).toBe(a === b);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a target key is shared exactly by the IDs ARM reads as one resource (case-insensitively)', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/);
    fc.assert(
      fc.property(segment, segment, fc.boolean(), (a, b, flipCase) => {
        const id = (name: string) =>
          `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Automation/automationAccounts/${name}`;
        const other = flipCase ? b.toUpperCase() : b;
        expect(resourceIdKey(id(a)) === resourceIdKey(id(other))).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });

  it('grant ledger keys (the deterministic assignment name) differ for every distinct (scope, principal, role)', () => {
    const guid = fc.uuid();
    const scope = fc.constantFrom(
      '/subscriptions/s',
      '/subscriptions/s/resourceGroups/rg',
      '/subscriptions/t',
    );
    fc.assert(
      fc.property(fc.tuple(scope, guid, guid), fc.tuple(scope, guid, guid), (x, y) => {
        const same =
          x[0].toLowerCase() === y[0].toLowerCase() &&
          x[1].toLowerCase() === y[1].toLowerCase() &&
          x[2].toLowerCase() === y[2].toLowerCase();
        expect(roleAssignmentName(...x) === roleAssignmentName(...y)).toBe(same);
        expect(roleAssignmentName(...x)).toMatch(KEY_SAFE);
      }),
      { numRuns: 500 },
    );
  });
});
