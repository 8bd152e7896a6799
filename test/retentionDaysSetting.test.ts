import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

const base = {
  POLICY: JSON.stringify({ approvers: ['role:IdentityBroker.Approver'] }),
  StateStorage: 'UseDevelopmentStorage=true',
};
const load = (env: Record<string, string | undefined>) =>
  loadConfig({ ...base, ...env }, { requireServiceBus: false });

describe('RETENTION_DAYS', () => {
  it('is how many days finished requests are kept', () => {
    expect(load({ RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(load({ RETENTION_DAYS: '36500' }).retentionDays).toBe(36_500);
  });

  it('unset (or empty) keeps every request for ever', () => {
    expect(load({}).retentionDays).toBeUndefined();
    expect(load({ RETENTION_DAYS: '' }).retentionDays).toBeUndefined();
  });

  it('refuses anything but a whole number of days from 1 to 36500, naming the setting', () => {
    for (const value of ['0', '-1', '1.5', 'P30D', '30 ', '36501', '0030'])
      expect(() => load({ RETENTION_DAYS: value }), value).toThrow(/RETENTION_DAYS/);
  });
});
