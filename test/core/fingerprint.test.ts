import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint.js';

describe('fingerprint', () => {
  it('does not depend on the order of object keys, at any depth', () => {
    const a = { draft: { target: 't', operations: [{ kind: 'x', identity: 'i' }] }, requester: 'r' };
    const b = { requester: 'r', draft: { operations: [{ identity: 'i', kind: 'x' }], target: 't' } };
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  it('depends on the order of array items', () => {
    expect(fingerprint({ ops: ['a', 'b'] })).not.toBe(fingerprint({ ops: ['b', 'a'] }));
  });

  it('tells values, types and nesting apart', () => {
    const prints = [
      { a: 1 },
      { a: '1' },
      { a: [1] },
      { a: { b: 1 } },
      { b: 1 },
      { a: 1, b: 1 },
      { a: true },
      { a: null },
      {},
      [],
    ].map(fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('is a URL-safe base64 SHA-256', () => {
    expect(fingerprint({ a: 1 })).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fingerprint({ a: 1 })).toBe(fingerprint({ a: 1 }));
  });
});
