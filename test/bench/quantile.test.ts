import { describe, expect, it } from 'vitest';
import { quantile } from '../../bench/load/quantile.js';

describe('quantile (nearest rank)', () => {
  it('takes the median and p99 of unsorted samples without changing them', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1
    expect(quantile(samples, 0.5)).toBe(50);
    expect(quantile(samples, 0.99)).toBe(99);
    expect(quantile(samples, 1)).toBe(100);
    expect(samples[0]).toBe(100);
  });

  it('rounds the rank up: the median of three is the middle one, the p95 of ten the largest', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });

  it('is the only sample for one sample, and NaN for none', () => {
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
