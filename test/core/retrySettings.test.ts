import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY } from '../../src/core/retrySettings.js';

describe('backoffMs', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((attempt) => backoffMs(attempt, DEFAULT_RETRY) / 1000),
    ).toEqual([5, 5, 10, 20, 40, 80, 160, 300, 300, 300]);
  });
});
