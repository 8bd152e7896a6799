import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

type Env = Record<string, string>;

/** The names `loadConfig` reads from `env` (whatever it makes of the values). */
function namesRead(env: Env): Set<string> {
  const read = new Set<string>();
  const recording = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  try {
    loadConfig(recording, { readFile: () => '{}' });
  } catch {
    // Refused settings are read too: which names were asked for is all this wants.
  }
  return read;
}

/**
 * Every setting config reads, however its branches go: nothing set, everything it asked for set (until no
 * new name turns up), and the sample with each name in turn set and unset.
 */
function everySettingRead(sample: Env): Set<string> {
  const all = new Set([...namesRead({}), ...namesRead(sample)]);
  for (let size = 0; size !== all.size;) {
    size = all.size;
    for (const name of namesRead(Object.fromEntries([...all].map((n) => [n, 'x'])))) all.add(name);
  }
  for (const name of [...all]) {
    for (const env of [
      { ...sample, [name]: 'x' },
      { ...sample, [name]: '' },
    ])
      for (const read of namesRead(env)) all.add(read);
  }
  return all;
}

const sample = (JSON.parse(readFileSync('local.settings.sample.json', 'utf8')) as { Values: Env }).Values;

/**
 * Read by config but deliberately not in the sample, each for a reason: an alternative to a setting the
 * sample does name, which, set beside it, would be refused or would change what the local values mean.
 */
const NOT_IN_SAMPLE: Record<string, string> = {
  POLICY: 'the policy inline, instead of POLICY_FILE (setting both is refused)',
  StateStorage__tableServiceUri: 'identity-based Table storage in Azure; locally StateStorage',
  ServiceBusConnection__fullyQualifiedNamespace:
    'identity-based Service Bus in Azure; locally ServiceBusConnection',
};

describe('the settings config reads', () => {
  const read = everySettingRead(sample);

  it('are found (the search itself works)', () => {
    expect(read).toContain('RETENTION_DAYS');
    expect(read).toContain('JIRA_TRANSITIONS');
    expect(read.size).toBeGreaterThan(30);
  });

  it('are each named in local.settings.sample.json, but the alternatives it leaves out on purpose', () => {
    const missing = [...read].filter((name) => !(name in sample) && !(name in NOT_IN_SAMPLE)).sort();
    expect(missing).toEqual([]);
    // Each alternative left out is one config reads, and the setting it stands in for is in the sample.
    for (const name of Object.keys(NOT_IN_SAMPLE)) expect(read, name).toContain(name);
    expect(sample).toHaveProperty('POLICY_FILE');
    expect(sample).toHaveProperty('StateStorage');
    expect(sample).toHaveProperty('ServiceBusConnection');
  });

  it('are each in a row of the README settings table', () => {
    const readme = readFileSync('README.md', 'utf8');
    const documented = new Set(
      readme
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .flatMap((line) => [...line.matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1])),
    );
    expect([...read].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  it('in the sample load as they are, for the local host (no setting refused)', () => {
    expect(() => loadConfig(sample, { requireServiceBus: false })).not.toThrow();
  });
});
