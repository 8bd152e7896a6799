import { describe, expect, it } from 'vitest';
import { isRequestId, newRequestId } from '../../src/core/requestId.js';

const fixedRandom = (hex: string) => (bytes: number) => Buffer.from(hex.slice(0, bytes * 2), 'hex');

describe('newRequestId', () => {
  it('is the inverted creation time in 12 hex digits, then 12 of randomness', () => {
    const at = new Date('2026-11-23T09:00:00.000Z');
    const inverted = (0xffffffffffff - at.getTime()).toString(16).padStart(12, '0');
    expect(newRequestId(at, fixedRandom('0123456789ab'))).toBe(`${inverted}0123456789ab`);
    expect(inverted).toBe('fe5df85dcd7f');
  });

  it('sorts a later request before an earlier one, so key order is newest first', () => {
    const random = fixedRandom('000000000000');
    const earlier = newRequestId(new Date('2026-11-23T09:00:00.000Z'), random);
    const later = newRequestId(new Date('2026-11-23T09:00:00.001Z'), random);
    expect(later < earlier).toBe(true);
    expect([earlier, later].sort()).toEqual([later, earlier]);
  });

  it('gives two requests of the same millisecond different IDs', () => {
    const at = new Date('2026-11-23T09:00:00.000Z');
    expect(newRequestId(at)).not.toBe(newRequestId(at));
    expect(newRequestId(at)).toHaveLength(24);
  });
});

describe('isRequestId', () => {
  it.each([
    ['fe6b89c4fe7f0123456789ab', true],
    ['FE6B89C4FE7F0123456789AB', false],
    ['fe6b89c4fe7f0123456789a', false],
    ['fe6b89c4fe7f0123456789abc', false],
    ['fe6b89c4fe7f0123456789ag', false],
    ['../etc/passwd000000000000', false],
  ])('says %s is %s', (value, expected) => {
    expect(isRequestId(value)).toBe(expected);
  });
});
