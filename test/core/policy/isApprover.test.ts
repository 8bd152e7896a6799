import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/core/caller.js';
import { isApprover } from '../../../src/core/policy/isApprover.js';

const OID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const caller = (overrides: Partial<Caller> = {}): Caller => ({
  id: OID,
  name: 'Ada.Lovelace@contoso.com',
  roles: ['IdentityApprovers'],
  ...overrides,
});

describe('isApprover', () => {
  it('recognises an approver by object ID, in any casing', () => {
    expect(isApprover(caller({ roles: [] }), [OID.toUpperCase()])).toBe(true);
  });

  it('recognises an approver by user principal name, case-insensitively', () => {
    expect(isApprover(caller({ roles: [] }), ['ada.lovelace@CONTOSO.com'])).toBe(true);
  });

  it('recognises an approver by an app role in the claims', () => {
    expect(isApprover(caller({ id: 'x', name: 'x' }), ['role:IdentityApprovers'])).toBe(true);
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

  it('matches an object-ID entry against the caller ID only: a name equal to it does not count', () => {
    expect(
      isApprover(caller({ id: 'a9b8c7d6-0000-4000-8000-0000000000ff', name: OID, roles: [] }), [OID]),
    ).toBe(false);
    expect(isApprover(caller({ id: 'x', name: OID.toUpperCase(), roles: [OID] }), [OID])).toBe(false);
  });

  it('matches a UPN entry against the name only, and a role entry against the roles only', () => {
    const upn = 'ada.lovelace@contoso.com';
    expect(isApprover({ id: upn, roles: [upn] }, [upn])).toBe(false);
    expect(isApprover({ id: 'role:Admins', name: 'role:Admins', roles: [] }, ['role:Admins'])).toBe(false);
  });

  it('refuses a caller the list does not name, and a caller without a name', () => {
    expect(
      isApprover(caller(), ['someone@contoso.com', 'role:Admins', 'ffffffff-d9cb-469f-a165-70867728950e']),
    ).toBe(false);
    expect(isApprover({ id: 'x', roles: [] }, ['someone@contoso.com'])).toBe(false);
    expect(isApprover(caller(), [])).toBe(false);
  });
});
