import { describe, expect, it } from 'vitest';
import { recordEvents } from '../../src/core/recordEvents.js';
import { requestOf } from '../fakes/requestBuilder.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const context = { actor: 'approver', now: NOW };

describe('recordEvents', () => {
  it('moves the state through the table, the version by the number of events, and stamps the time', () => {
    const { next, events } = recordEvents(
      requestOf({ state: 'approved' }),
      'approved',
      [{ type: 'policyEvaluated', data: { decision: 'approvalRequired' } }, { type: 'applyStarted' }],
      context,
      { nextStep: 0 },
    );
    expect([next.state, next.version, next.updatedAt, next.completedAt]).toEqual([
      'applying',
      5,
      NOW.toISOString(),
      undefined,
    ]);
    expect(events).toEqual([
      {
        type: 'policyEvaluated',
        at: NOW.toISOString(),
        actor: 'approver',
        data: { decision: 'approvalRequired' },
      },
      { type: 'applyStarted', at: NOW.toISOString(), actor: 'approver' },
    ]);
  });

  it('drops a field a change sets to undefined', () => {
    const { next } = recordEvents(requestOf(), 'awaitingApproval', [{ type: 'requestApproved' }], context, {
      approvalExpiresAt: undefined,
    });
    expect('approvalExpiresAt' in next).toBe(false);
  });

  it('stamps completedAt when a terminal state is reached, and keeps the first one', () => {
    const { next } = recordEvents(requestOf(), 'awaitingApproval', [{ type: 'requestRejected' }], context);
    expect(next.completedAt).toBe(NOW.toISOString());
    const done = requestOf({ state: 'succeeded', completedAt: '2026-11-23T09:30:00.000Z' });
    expect(recordEvents(done, 'succeeded', [{ type: 'grantsRevoked' }], context).next).toMatchObject({
      state: 'revoked',
      completedAt: '2026-11-23T09:30:00.000Z',
    });
  });

  it('throws on a transition the table refuses: callers check first, so this is a bug', () => {
    expect(() => recordEvents(requestOf(), 'awaitingApproval', [{ type: 'applyStarted' }], context)).toThrow(
      'transition refused: awaitingApproval does not accept applyStarted',
    );
  });

  it('throws when the events leave the request unstored', () => {
    expect(() => recordEvents(requestOf(), 'new', [{ type: 'requestSubmitted' }], context)).toThrow(
      'events must leave the request in a stored state',
    );
  });

  it('leaves the request it was given untouched', () => {
    const request = requestOf();
    recordEvents(request, 'awaitingApproval', [{ type: 'requestApproved' }], context, {
      approvalExpiresAt: undefined,
    });
    expect(request).toEqual(requestOf());
  });
});
