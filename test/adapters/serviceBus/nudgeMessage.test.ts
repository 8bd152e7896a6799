import { describe, expect, it } from 'vitest';
import { nudgeBodySchema, nudgeMessage } from '../../../src/adapters/serviceBus/nudgeMessage.js';

const nudge = { requestId: 'req-1', target: '/subscriptions/s/x', version: 3 };

describe('the nudge message', () => {
  it('carries the correlation ID as the message property, the body staying { v, requestId }', () => {
    const message = nudgeMessage({ ...nudge, correlationId: 'corr-1' });
    expect(message.correlationId).toBe('corr-1');
    expect(message.body).toEqual({ v: 1, requestId: 'req-1' });
  });

  it('has no correlation ID when the request has none', () => {
    expect(nudgeMessage(nudge)).not.toHaveProperty('correlationId');
  });

  it('still accepts a version 1 body from before correlation IDs', () => {
    expect(nudgeBodySchema.safeParse({ v: 1, requestId: 'req-1' }).success).toBe(true);
  });
});
