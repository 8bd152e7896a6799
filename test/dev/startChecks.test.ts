import { describe, expect, it } from 'vitest';
import { describeStartFailure } from '../../dev/describeStartFailure.js';
import { readPort } from '../../dev/readPort.js';
import { ConfigError } from '../../src/config.js';

describe('PORT', () => {
  it('defaults to 7071 and accepts an integer from 1 to 65535', () => {
    expect(readPort(undefined)).toEqual({ ok: true, value: 7071 });
    expect(readPort('')).toEqual({ ok: true, value: 7071 });
    expect(readPort('8080')).toEqual({ ok: true, value: 8080 });
    expect(readPort(' 1 ')).toEqual({ ok: true, value: 1 });
    expect(readPort('65535')).toEqual({ ok: true, value: 65535 });
  });

  it('refuses anything else with a message naming PORT', () => {
    for (const value of ['0', '65536', '-1', '80.5', 'http', '1e3', '0x50'])
      expect(readPort(value), value).toEqual({
        ok: false,
        error: `PORT must be an integer from 1 to 65535, not "${value}"`,
      });
  });
});

describe('a failed start', () => {
  it('prints a configuration error as its problems, one a line, without a stack trace', () => {
    const text = describeStartFailure(
      new ConfigError(['POLICY: approvers must name at least one approver', 'StateStorage is not set']),
    );
    expect(text).toBe(
      [
        'identity-broker is not configured:',
        '  - POLICY: approvers must name at least one approver',
        '  - StateStorage is not set',
      ].join('\n'),
    );
    expect(text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('keeps the stack of anything unexpected', () => {
    expect(describeStartFailure(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
  });
});
