import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type EventType } from '../../src/core/eventType.js';
import { REQUEST_STATES, TERMINAL_STATES } from '../../src/core/requestState.js';
import { nextState, type StateOrNew, TRANSITIONS } from '../../src/core/transitions.js';

/**
 * The state machine written out again, by hand: every pair not listed here must be refused.
 * A change to the table has to be made in both places, on purpose.
 */
const EXPECTED: Record<StateOrNew, Partial<Record<EventType, StateOrNew>>> = {
  new: {
    requestSubmitted: 'new',
    policyEvaluated: 'new',
    approvalRequested: 'awaitingApproval',
    requestAutoApproved: 'approved',
    requestDenied: 'denied',
  },
  awaitingApproval: {
    approvalRecorded: 'awaitingApproval',
    requestApproved: 'approved',
    requestRejected: 'rejected',
    requestCancelled: 'cancelled',
    requestExpired: 'expired',
  },
  approved: {
    policyEvaluated: 'approved',
    stepRetryScheduled: 'approved',
    applyStarted: 'applying',
    requestCancelled: 'cancelled',
    requestFailed: 'failed',
  },
  applying: {
    stepStarted: 'applying',
    stepRetryScheduled: 'applying',
    stepDeferred: 'applying',
    stepSucceeded: 'applying',
    stepFailed: 'failed',
    requestSucceeded: 'succeeded',
    requestFailed: 'failed',
  },
  succeeded: {
    revocationRequested: 'succeeded',
    grantRevoked: 'succeeded',
    revocationFailed: 'succeeded',
    grantsRevoked: 'revoked',
  },
  failed: {
    revocationRequested: 'failed',
    grantRevoked: 'failed',
    revocationFailed: 'failed',
    grantsRevoked: 'failed',
  },
  denied: {},
  rejected: {},
  cancelled: {},
  expired: {},
  revoked: {},
};

const STATES: StateOrNew[] = ['new', ...REQUEST_STATES];
const PAIRS = STATES.flatMap((state) =>
  EVENT_TYPES.map((event) => [state, event, EXPECTED[state][event] ?? 'refused'] as const),
);

describe('transitions', () => {
  it('covers every state and no other', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATES].sort());
    expect(PAIRS).toHaveLength(11 * EVENT_TYPES.length);
  });

  it.each(PAIRS)('in %s, %s leads to %s', (state, event, expected) => {
    expect(nextState(state, event) ?? 'refused').toBe(expected);
  });

  it('lets terminal states accept nothing but the ending of time-bound grants after succeeded or failed', () => {
    const accepted = [...TERMINAL_STATES].flatMap((state) =>
      EVENT_TYPES.filter((event) => nextState(state, event) !== undefined).map(
        (event) => `${state}:${event}`,
      ),
    );
    expect(accepted).toEqual([
      'succeeded:revocationRequested',
      'succeeded:grantRevoked',
      'succeeded:revocationFailed',
      'succeeded:grantsRevoked',
      'failed:revocationRequested',
      'failed:grantRevoked',
      'failed:revocationFailed',
      'failed:grantsRevoked',
    ]);
  });

  it('names exactly the terminal states the contract lists', () => {
    expect([...TERMINAL_STATES].sort()).toEqual(
      ['cancelled', 'denied', 'expired', 'failed', 'rejected', 'revoked', 'succeeded'].sort(),
    );
  });

  it('reaches every stored state from new, and never leads back to new once stored', () => {
    const reached = new Set<StateOrNew>(['new']);
    for (let changed = true; changed;) {
      changed = false;
      for (const [state, , to] of PAIRS) {
        if (!reached.has(state) || to === 'refused' || reached.has(to)) continue;
        reached.add(to);
        changed = true;
      }
    }
    expect([...reached].sort()).toEqual([...STATES].sort());
    expect(PAIRS.filter(([state, , to]) => state !== 'new' && to === 'new')).toEqual([]);
  });
});
