import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = {
  POLICY: JSON.stringify({ approvers: ['role:IdentityBroker.Approver'] }),
  StateStorage: 'UseDevelopmentStorage=true',
};
const load = (env: Record<string, string | undefined>) =>
  loadConfig({ ...base, ...env }, { requireServiceBus: false });

describe('REPLY_TO_PREFIX', () => {
  it('is the prefix of the entities replies may go to', () => {
    expect(load({ REPLY_TO_PREFIX: 'replies-' }).replyToPrefix).toBe('replies-');
    expect(load({ REPLY_TO_PREFIX: 'team.a/replies_' }).replyToPrefix).toBe('team.a/replies_');
  });

  it('unset (or empty) sends no replies at all', () => {
    expect(load({}).replyToPrefix).toBeUndefined();
    expect(load({ REPLY_TO_PREFIX: '' }).replyToPrefix).toBeUndefined();
  });

  it('refuses a prefix that is not the start of a Service Bus entity name, naming the setting', () => {
    for (const prefix of [' replies-', 'replies *', '-replies', 'replies/$', `r${'x'.repeat(260)}`])
      expect(() => load({ REPLY_TO_PREFIX: prefix }), prefix).toThrow(/REPLY_TO_PREFIX/);
  });
});

describe('SUBMISSIONS_PER_CALLER_PER_MINUTE', () => {
  it('defaults to 10 and takes a whole number from 1 to 10000', () => {
    expect(load({}).submissionsPerCallerPerMinute).toBe(10);
    expect(load({ SUBMISSIONS_PER_CALLER_PER_MINUTE: '60' }).submissionsPerCallerPerMinute).toBe(60);
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['0', '-1', '1.5', 'ten', '10001', ' 5'])
      expect(() => load({ SUBMISSIONS_PER_CALLER_PER_MINUTE: value }), value).toThrow(
        /SUBMISSIONS_PER_CALLER_PER_MINUTE/,
      );
  });
});
