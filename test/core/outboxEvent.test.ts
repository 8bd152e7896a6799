import { describe, expect, it } from 'vitest';
import { outboxOf } from '../../src/core/outboxEvent.js';
import type { NewEvent } from '../../src/core/ports.js';
import { requestOf } from '../fakes/requestBuilder.js';

const AT = '2026-11-23T10:00:00.000Z';
const event = (type: NewEvent['type']): NewEvent => ({ type, at: AT, actor: 'x' });

describe('outboxOf', () => {
  it('keeps decisions that change no state (one approval of a quorum) and leaves steps to the history', () => {
    const waiting = requestOf({ version: 4 });
    expect(
      outboxOf('awaitingApproval', waiting, 4, [event('approvalRecorded')]).map((e) => e.subject),
    ).toEqual(['approvalRecorded']);
    const applying = requestOf({ state: 'applying', version: 7 });
    expect(outboxOf('applying', applying, 6, [event('stepStarted'), event('stepSucceeded')])).toEqual([]);
  });

  it('numbers each event by its own version and names the state it leads to', () => {
    const approved = requestOf({ state: 'approved', version: 3, correlationId: 'c' });
    const out = outboxOf('new', approved, 1, [
      event('requestSubmitted'),
      event('policyEvaluated'),
      event('requestAutoApproved'),
    ]);
    expect(out.map((e) => [e.messageId, e.body.state, e.correlationId])).toEqual([
      [`${approved.id}-3`, 'approved', 'c'],
    ]);
  });
});
