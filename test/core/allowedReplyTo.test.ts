import { describe, expect, it } from 'vitest';
import { allowedReplyTo } from '../../src/core/allowedReplyTo.js';

const BROKER = ['identity-requests', 'identity-operations', 'identity-request-events'];
const allowed = (entity: string, prefix: string | undefined = 'replies-') =>
  allowedReplyTo(entity, { prefix, brokerEntities: BROKER });
const unset = (entity: string) => allowedReplyTo(entity, { prefix: undefined, brokerEntities: BROKER });

describe('allowedReplyTo', () => {
  it('allows an entity that starts with the prefix, in any casing as Service Bus does', () => {
    expect(allowed('replies-provisioning')).toEqual({ ok: true, value: 'replies-provisioning' });
    expect(allowed('Replies-Provisioning').ok).toBe(true);
  });

  it('allows nothing when no prefix is set', () => {
    expect(unset('replies-provisioning')).toEqual({
      ok: false,
      error: { code: 'replyToRefused', reason: 'no replies are sent: REPLY_TO_PREFIX is not set' },
    });
  });

  it('refuses an entity outside the prefix', () => {
    expect(allowed('billing-orders')).toEqual({
      ok: false,
      error: { code: 'replyToRefused', reason: 'it does not start with replies-' },
    });
    expect(allowed('replies')).toMatchObject({ ok: false });
  });

  it("never allows the broker's own queues and topic, whatever the prefix", () => {
    for (const entity of BROKER) {
      expect(allowed(entity, 'identity-')).toEqual({
        ok: false,
        error: { code: 'replyToRefused', reason: "it is one of the broker's own entities" },
      });
      expect(allowed(entity.toUpperCase(), 'IDENTITY-').ok).toBe(false);
      expect(allowed(`${entity}/subscriptions/x`, 'identity-').ok).toBe(false);
      expect(allowed(entity, '').ok).toBe(false);
    }
  });

  it('refuses names Service Bus would read as another entity or that are not entity names', () => {
    for (const entity of [
      'replies-a/$DeadLetterQueue',
      'replies-a/../identity-requests',
      'replies-a//b',
      'replies-a/',
      'replies- a',
      `replies-${'x'.repeat(260)}`,
      'sb://other.servicebus.windows.net/replies-a',
    ])
      expect(allowed(entity), entity).toMatchObject({ ok: false, error: { code: 'replyToRefused' } });
  });
});
