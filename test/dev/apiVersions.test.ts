import { describe, expect, it } from 'vitest';
import { compareApiVersions, isSupportedApiVersion } from '../../dev/armSandbox/apiVersions.js';

describe('api-versions', () => {
  it('orders by date, a preview before the stable version of its date', () => {
    expect(compareApiVersions('2020-01-13-preview', '2019-06-01')).toBeGreaterThan(0);
    expect(compareApiVersions('2020-01-13-preview', '2020-01-13')).toBeLessThan(0);
    expect(compareApiVersions('2023-11-01', '2023-11-01')).toBe(0);
  });

  it('accepts only the versions the specs list, refusing newer ones too', () => {
    expect(isSupportedApiVersion('automationAccounts', '2015-10-31')).toBe(true);
    expect(isSupportedApiVersion('automationAccounts', '2027-01-01')).toBe(false);
    expect(isSupportedApiVersion('virtualMachines', '2099-01-01')).toBe(false);
    expect(isSupportedApiVersion('roleAssignments', '2018-09-01-preview')).toBe(false);
    expect(isSupportedApiVersion('virtualMachines', 'latest')).toBe(false);
  });
});
