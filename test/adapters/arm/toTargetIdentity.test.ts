import { describe, expect, it } from 'vitest';
import { toTargetIdentity } from '../../../src/adapters/arm/toTargetIdentity.js';

const uai =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a';

describe('toTargetIdentity', () => {
  it('reads a resource with no identity key as None, as the Automation spec example GET shows', () => {
    expect(toTargetIdentity(undefined)).toEqual({ type: 'None', userAssigned: [] });
    expect(toTargetIdentity(null)).toEqual({ type: 'None', userAssigned: [] });
  });

  it('maps any casing of the four types to the spelling the specs list', () => {
    expect(toTargetIdentity({ type: 'systemassigned, userassigned' }).type).toBe(
      'SystemAssigned, UserAssigned',
    );
  });

  it('keeps the read-only IDs it is given and drops null user-assigned values', () => {
    expect(
      toTargetIdentity({
        type: 'SystemAssigned, UserAssigned',
        principalId: 'p',
        tenantId: 't',
        userAssignedIdentities: { [uai]: { principalId: 'up', clientId: 'uc' }, other: null },
      }),
    ).toEqual({
      type: 'SystemAssigned, UserAssigned',
      principalId: 'p',
      tenantId: 't',
      userAssigned: [{ id: uai, principalId: 'up', clientId: 'uc' }],
    });
  });
});
