import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/core/caller.js';
import { isApprover } from '../../../src/core/policy/isApprover.js';

const OID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const GROUP = '5c4b3a29-1807-4f6e-9d5c-4b3a29180716';
const caller = (overrides: Partial<Caller> = {}): Caller => ({
  id: OID,
  name: 'Ada.Lovelace@contoso.com',
  roles: ['IdentityApprovers'],
  groups: [],
  ...overrides,
});

describe('isApprover', () => {
  it('recognises an approver by object ID, in any casing', () => {
    expect(isApprover(caller({ roles: [] }), [OID.toUpperCase()])).toBe(true);
  });

  it('never recognises an approver by name, even one that reads like a listed UPN', () => {
    expect(isApprover(caller({ roles: [] }), ['ada.lovelace@CONTOSO.com'])).toBe(false);
    expect(
      isApprover(caller({ id: 'x', name: 'Ada.Lovelace@contoso.com', roles: [] }), [
        'Ada.Lovelace@contoso.com',
      ]),
    ).toBe(false);
  });

  it('recognises an approver by an app role in the claims', () => {
    expect(isApprover(caller({ id: 'x', name: 'x' }), ['role:IdentityApprovers'])).toBe(true);
  });

  it('recognises an approver by a group object ID in the groups claim, in any casing', () => {
    expect(isApprover(caller({ roles: [], groups: [GROUP.toUpperCase()] }), [`group:${GROUP}`])).toBe(true);
    expect(isApprover(caller({ roles: [], groups: [] }), [`group:${GROUP}`])).toBe(false);
  });

  it('matches a group entry against the groups only, never the object ID or roles', () => {
    expect(isApprover(caller({ id: GROUP, roles: [GROUP, `group:${GROUP}`] }), [`group:${GROUP}`])).toBe(
      false,
    );
    expect(isApprover(caller({ groups: [OID] }), [`group:${GROUP}`])).toBe(false);
  });

  it('matches app roles exactly, and never a role name given as an object ID or UPN', () => {
    expect(isApprover(caller({ id: 'x', name: 'x' }), ['role:identityapprovers'])).toBe(false);
    expect(isApprover(caller({ id: 'x', name: 'x' }), ['IdentityApprovers'])).toBe(false);
    expect(
      isApprover(caller({ id: 'x', name: 'x', roles: ['role:IdentityApprovers'] }), [
        'role:IdentityApprovers',
      ]),
    ).toBe(false);
  });

  it('matches an object-ID entry against the caller ID only: a name, role or group equal to it does not count', () => {
    expect(
      isApprover(caller({ id: 'a9b8c7d6-0000-4000-8000-0000000000ff', name: OID, roles: [] }), [OID]),
    ).toBe(false);
    expect(isApprover(caller({ id: 'x', name: OID.toUpperCase(), roles: [OID], groups: [OID] }), [OID])).toBe(
      false,
    );
  });

  it('never matches an entry the policy loader refuses', () => {
    expect(isApprover(caller({ roles: [''] }), ['role:'])).toBe(false);
    expect(isApprover(caller({ id: ` ${OID}` }), [` ${OID}`])).toBe(false);
    expect(isApprover(caller({ groups: ['Admins'] }), ['group:Admins'])).toBe(false);
  });

  it('refuses a caller the list does not name', () => {
    expect(
      isApprover(caller(), [`group:${GROUP}`, 'role:Admins', 'ffffffff-d9cb-469f-a165-70867728950e']),
    ).toBe(false);
    expect(isApprover(caller(), [])).toBe(false);
  });
});
