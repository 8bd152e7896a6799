import { describe, expect, it } from 'vitest';
import { isWithinPrefix, parseScopePrefix, prefixDepth } from '../../../src/core/policy/scopePrefix.js';

const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';

describe('scope prefixes', () => {
  it.each([
    ['/subscriptions/abc/x', '/subscriptions/abc', true],
    ['/subscriptions/abcd', '/subscriptions/abc', false],
    [`${SUB}/resourceGroups/rg-app2`, `${SUB}/resourceGroups/rg-app`, false],
    [
      `${SUB}/resourcegroups/RG-APP/providers/Microsoft.KeyVault/vaults/kv`,
      `${SUB}/resourceGroups/rg-app`,
      true,
    ],
    [`${SUB}/resourceGroups/rg-app`, `${SUB}/resourceGroups/rg-app`, true],
    [SUB, `${SUB}/resourceGroups/rg-app`, false],
    ['/providers/Microsoft.Management/managementGroups/mg', '/', true],
  ])('%s within %s: %s', (id, prefix, within) => {
    expect(isWithinPrefix(id, prefix)).toBe(within);
  });

  it('drops trailing slashes and canonicalises ARM keywords', () => {
    expect(parseScopePrefix(`${SUB}/resourcegroups/rg-app//`)).toEqual({
      ok: true,
      value: `${SUB}/resourceGroups/rg-app`,
    });
    expect(parseScopePrefix('/')).toEqual({ ok: true, value: '/' });
  });

  it('refuses what is not a scope', () => {
    const parsed = parseScopePrefix('/subscriptions/abc');
    expect(parsed.ok ? '' : parsed.error.message).toBe(
      '"/subscriptions/abc" is not a scope: it has a subscription ID that is not a GUID',
    );
  });

  it('ranks deeper prefixes as more specific', () => {
    expect(prefixDepth('/')).toBeLessThan(prefixDepth(SUB));
    expect(prefixDepth(SUB)).toBeLessThan(prefixDepth(`${SUB}/resourceGroups/rg`));
  });
});
