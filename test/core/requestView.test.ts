import { describe, expect, it } from 'vitest';
import { etagOf, toRequestView } from '../../src/core/requestView.js';
import { requestOf } from '../fakes/requestBuilder.js';

describe('toRequestView', () => {
  it('shows absent optional fields as null, the version as a quoted ETag, and no progress unless applying', () => {
    const view = toRequestView(requestOf());
    expect([view.ticket, view.error, view.completedAt, view.progress, view.etag]).toEqual([
      null,
      null,
      null,
      null,
      '"3"',
    ]);
    expect('history' in view).toBe(false);
  });

  it('shows the progress of a request that is applying', () => {
    const applying = requestOf({
      state: 'applying',
      notBefore: '2026-11-23T09:00:17.000Z',
      progress: {
        step: 0,
        attempt: 1,
        firstAttemptAt: '2026-11-23T09:00:00.000Z',
        lastError: { code: 'TooManyRequests', message: 'slow down' },
      },
    });
    expect(toRequestView(applying, []).progress).toEqual({
      nextStep: 0,
      steps: 1,
      notBefore: '2026-11-23T09:00:17.000Z',
      attempt: 1,
      lastError: { code: 'TooManyRequests', message: 'Azure Resource Manager is throttling the broker' },
    });
    expect(toRequestView(applying, []).history).toEqual([]);
  });

  it('quotes any version as an ETag', () => {
    expect(etagOf(12)).toBe('"12"');
  });
});
