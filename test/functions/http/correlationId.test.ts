import { describe, expect, it } from 'vitest';
import { correlationIdOf } from '../../../src/functions/http/correlationId.js';

const headers = (h: Record<string, string>) => new Headers(h);
const fresh = () => 'fresh-id';

describe('the correlation ID of an HTTP call', () => {
  it("is the caller's x-correlation-id when well-formed", () => {
    expect(correlationIdOf(headers({ 'x-correlation-id': 'ticket-RITM0012345.1' }), fresh)).toBe(
      'ticket-RITM0012345.1',
    );
  });

  it("else traceparent's trace ID", () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect(correlationIdOf(headers({ traceparent }), fresh)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(correlationIdOf(headers({ traceparent, 'x-correlation-id': 'has spaces in it' }), fresh)).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('else a new one: a malformed header is never carried into logs or messages', () => {
    for (const bad of ['', 'a b', 'x'.repeat(129), 'tab\there', '"quoted"', 'k=v'])
      expect(correlationIdOf(headers({ 'x-correlation-id': bad }), fresh), bad).toBe('fresh-id');
    for (const bad of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01', // all-zero trace ID is invalid
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', // version ff is invalid
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01', // upper case is invalid
      'garbage',
    ])
      expect(correlationIdOf(headers({ traceparent: bad }), fresh), bad).toBe('fresh-id');
    expect(correlationIdOf(headers({}), fresh)).toBe('fresh-id');
  });

  it('makes a UUID by default', () => {
    expect(correlationIdOf(headers({}))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
