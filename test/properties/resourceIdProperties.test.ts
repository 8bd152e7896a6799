import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithinScope, parseResourceId, resourceIdKey } from '../../src/core/resourceId.js';

// Bounded, so the suite stays fast; a failure prints its seed and shrunk counterexample to replay.
const RUNS = { numRuns: 400 };

const casing = (word: string) =>
  fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const name = fc.stringMatching(/^[a-zA-Z0-9][-a-zA-Z0-9_.]{0,20}[a-zA-Z0-9]$/);
const guid = fc.uuid();

/** Valid ARM IDs of every scope kind, with ARM's keywords in random casing. */
const validId = fc.oneof(
  fc.tuple(casing('subscriptions'), guid).map(([s, g]) => `/${s}/${g}`),
  fc
    .tuple(casing('subscriptions'), guid, casing('resourceGroups'), name)
    .map(([s, g, r, n]) => `/${s}/${g}/${r}/${n}`),
  fc
    .tuple(casing('subscriptions'), guid, casing('resourceGroups'), name, casing('providers'), name)
    .map(
      ([s, g, r, n, p, res]) => `/${s}/${g}/${r}/${n}/${p}/Microsoft.Automation/automationAccounts/${res}`,
    ),
  fc
    .tuple(casing('providers'), casing('Microsoft.Management'), casing('managementGroups'), name)
    .map(([p, m, t, n]) => `/${p}/${m}/${t}/${n}`),
);

/** Strings that look like IDs but may break every rule: empty and dot segments, separators, controls. */
const nearId = fc
  .array(
    fc.oneof(
      name,
      guid,
      fc.constantFrom(
        '',
        '.',
        '..',
        'providers',
        'resourceGroups',
        'subscriptions',
        '%2F',
        '?a',
        '#',
        '\u0000',
        ' ',
      ),
    ),
    {
      maxLength: 10,
    },
  )
  .map((segments) => `/${segments.join('/')}`);

describe('resource ID parser (property tests)', () => {
  it('is total: any string is parsed or refused with a message, never thrown on', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), nearId, validId), (input) => {
        const parsed = parseResourceId(input);
        if (!parsed.ok) expect(parsed.error.message.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('round-trips: a valid ID parses, its canonical form parses to itself, and only casing changed', () => {
    fc.assert(
      fc.property(validId, (input) => {
        const parsed = parseResourceId(input);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const again = parseResourceId(parsed.value.id);
        expect(again.ok && again.value.id).toBe(parsed.value.id);
        expect(resourceIdKey(parsed.value.id)).toBe(resourceIdKey(input));
      }),
      RUNS,
    );
  });

  it('never widens a scope by a string prefix: rg1 does not contain rg10', () => {
    fc.assert(
      fc.property(guid, name, fc.stringMatching(/^[a-z0-9]{1,5}$/), (sub, group, extra) => {
        const scope = `/subscriptions/${sub}/resourceGroups/${group}`;
        expect(isWithinScope(`${scope}/providers/Microsoft.KeyVault/vaults/kv`, scope)).toBe(true);
        expect(isWithinScope(`/subscriptions/${sub}/resourceGroups/${group}${extra}`, scope)).toBe(false);
      }),
      RUNS,
    );
  });
});
