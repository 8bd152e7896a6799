import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS, parseDurationMs } from '../../src/core/duration.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('parseDurationMs', () => {
  it.each([
    ['PT8H', 8 * HOUR],
    ['P30D', 30 * DAY],
    ['P1W', 7 * DAY],
    ['P2W', 14 * DAY],
    ['P1DT12H', 36 * HOUR],
    ['PT90M', 90 * 60_000],
    ['PT45S', 45_000],
    ['P1DT2H3M4S', DAY + 2 * HOUR + 3 * 60_000 + 4_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each([
    'P1Y',
    'P6M',
    'P1Y2D',
    'P',
    'PT',
    'P1DT',
    '1D',
    'PT8h',
    'P1.5D',
    'P1W2D',
    'PT0S',
    'P0D',
    '',
    ' PT8H',
  ])('refuses %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it('refuses a duration too long for any date', () => {
    expect(parseDurationMs('P999999999D')).toBeUndefined();
  });

  it('accepts up to ten years and refuses anything longer, in any unit', () => {
    expect(MAX_DURATION_MS).toBe(3650 * DAY);
    expect(parseDurationMs('P3650D')).toBe(3650 * DAY);
    expect(parseDurationMs('PT87600H')).toBe(3650 * DAY);
    expect(parseDurationMs('P3650DT1S')).toBeUndefined();
    expect(parseDurationMs('P3651D')).toBeUndefined();
    expect(parseDurationMs('P521W')).toBe(521 * 7 * DAY);
    expect(parseDurationMs('P522W')).toBeUndefined();
    expect(parseDurationMs('PT315360001S')).toBeUndefined();
  });
});
