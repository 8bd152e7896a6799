import { describe, expect, it } from 'vitest';
import type { TargetIdentity } from '../../src/core/identity.js';
import { computeIdentityChange } from '../../src/core/identityPatch.js';
import { UA1, UA2, UA3 } from '../fakes/ids.js';

const identity = (system: boolean, ...userAssigned: string[]): TargetIdentity => ({
  type:
    system && userAssigned.length > 0
      ? 'SystemAssigned, UserAssigned'
      : system
        ? 'SystemAssigned'
        : userAssigned.length > 0
          ? 'UserAssigned'
          : 'None',
  ...(system ? { principalId: 'system-principal' } : {}),
  userAssigned: userAssigned.map((id) => ({ id })),
});
const enable = { kind: 'enableSystemAssignedIdentity' } as const;
const disable = { kind: 'disableSystemAssignedIdentity' } as const;
const attach = (id: string) => ({ kind: 'attachUserAssignedIdentity', identity: id }) as const;
const detach = (id: string) => ({ kind: 'detachUserAssignedIdentity', identity: id }) as const;
const otherCasing = (id: string) => id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');

describe('computeIdentityChange', () => {
  it('enables the system-assigned identity and lists both user-assigned ones, so ARM keeps them', () => {
    expect(computeIdentityChange(identity(false, UA1, UA2), [enable])).toEqual({
      change: 'patch',
      body: {
        identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [UA1]: {}, [UA2]: {} } },
      },
      summary: ['enable the system-assigned identity'],
    });
  });

  it('enables the system-assigned identity alone when there is nothing else', () => {
    expect(computeIdentityChange(identity(false), [enable])).toEqual({
      change: 'patch',
      body: { identity: { type: 'SystemAssigned' } },
      summary: ['enable the system-assigned identity'],
    });
  });

  it('attaches an identity and keeps the system-assigned one and the others', () => {
    expect(computeIdentityChange(identity(true, UA1), [attach(UA2)])).toEqual({
      change: 'patch',
      body: {
        identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [UA1]: {}, [UA2]: {} } },
      },
      summary: [`attach ${UA2}`],
    });
  });

  it('keeps the other user-assigned identities when one is detached, sending that one as null', () => {
    expect(computeIdentityChange(identity(true, UA1, UA2, UA3), [detach(UA2)])).toEqual({
      change: 'patch',
      body: {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UA1]: {}, [UA3]: {}, [UA2]: null },
        },
      },
      summary: [`detach ${UA2}`],
    });
  });

  it('detaches in the casing ARM returned, whatever casing the request used', () => {
    const change = computeIdentityChange(identity(false, UA1, UA2), [detach(otherCasing(UA1))]);
    expect(change).toEqual({
      change: 'patch',
      body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [UA2]: {}, [UA1]: null } } },
      summary: [`detach ${UA1}`],
    });
  });

  it('drops UserAssigned from the type and sends no map when the last one is detached', () => {
    expect(computeIdentityChange(identity(true, UA1), [detach(UA1)])).toEqual({
      change: 'patch',
      body: { identity: { type: 'SystemAssigned' } },
      summary: [`detach ${UA1}`],
    });
  });

  it('keeps the user-assigned identities when the system-assigned one is disabled', () => {
    expect(computeIdentityChange(identity(true, UA1, UA2), [disable])).toEqual({
      change: 'patch',
      body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [UA1]: {}, [UA2]: {} } } },
      summary: ['disable the system-assigned identity'],
    });
  });

  it("sends type 'None' when everything is turned off", () => {
    expect(computeIdentityChange(identity(true, UA1), [disable, detach(UA1)])).toEqual({
      change: 'patch',
      body: { identity: { type: 'None' } },
      summary: ['disable the system-assigned identity', `detach ${UA1}`],
    });
  });

  it('applies several operations in one PATCH', () => {
    expect(computeIdentityChange(identity(false, UA1), [enable, attach(UA2), detach(UA1)])).toEqual({
      change: 'patch',
      body: {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UA2]: {}, [UA1]: null },
        },
      },
      summary: ['enable the system-assigned identity', `attach ${UA2}`, `detach ${UA1}`],
    });
  });

  it.each([
    ['enabling what is enabled', identity(true, UA1), [enable]],
    ['attaching what is attached, in another casing', identity(false, UA1), [attach(otherCasing(UA1))]],
    ['detaching what is absent', identity(true, UA1), [detach(UA2)]],
    ['disabling what is disabled', identity(false, UA1), [disable]],
    ['all of these at once', identity(true, UA1), [enable, attach(UA1), detach(UA3)]],
  ] as const)('changes nothing when %s', (_, current, operations) => {
    expect(computeIdentityChange(current, operations)).toEqual({
      change: 'none',
      reason: 'the identity is already as requested',
    });
  });
});
