import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const storage = { StateStorage: 'UseDevelopmentStorage=true' };
const problemsOf = (
  env: Record<string, string | undefined>,
  readFile?: (path: string) => string,
): string[] => {
  try {
    loadConfig({ ...storage, ...env }, { requireServiceBus: false, ...(readFile ? { readFile } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('configuration problems name the setting', () => {
  it('names POLICY when the inline policy is invalid', () => {
    expect(problemsOf({ POLICY: JSON.stringify({ approvers: [] }) })).toEqual([
      'POLICY: approvers must name at least one approver',
    ]);
    expect(problemsOf({ POLICY: '{"approvers": ' })).toEqual([
      expect.stringMatching(/^POLICY is not valid JSON: /),
    ]);
  });

  it('names POLICY_FILE and its path when the policy file is invalid', () => {
    const read = () => JSON.stringify({ approvers: [] });
    expect(problemsOf({ POLICY_FILE: '/etc/broker/policy.json' }, read)).toEqual([
      'POLICY_FILE /etc/broker/policy.json: approvers must name at least one approver',
    ]);
  });
});
