import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { readCaller } from '../../../src/functions/http/readCaller.js';

const OID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';
const GROUP_A = '2c1b0a9f-8e7d-4c6b-9a59-483726150f4e';
const GROUP_B = '6f5e4d3c-2b1a-4098-8776-655443322110';

const requestWith = (claims: Array<{ typ: string; val: string }>, extra: Record<string, unknown> = {}) =>
  new HttpRequest({
    method: 'GET',
    url: 'http://localhost/api/identity-requests',
    headers: {
      'x-ms-client-principal': Buffer.from(JSON.stringify({ auth_typ: 'aad', claims, ...extra })).toString(
        'base64',
      ),
      'x-ms-client-principal-id': OID,
      'x-ms-client-principal-name': 'approver@contoso.com',
    },
  });

describe('readCaller', () => {
  it("reads the groups claims of Easy Auth's principal", () => {
    const caller = readCaller(
      requestWith([
        { typ: 'oid', val: OID },
        { typ: 'groups', val: GROUP_A },
        { typ: 'groups', val: GROUP_B },
        { typ: 'roles', val: 'IdentityBroker.Approver' },
      ]),
      true,
    );
    expect(caller).toEqual({
      ok: true,
      value: {
        id: OID,
        name: 'approver@contoso.com',
        roles: ['IdentityBroker.Approver'],
        groups: [GROUP_A, GROUP_B],
      },
    });
  });

  it('reads no groups where the principal has none, or where there is no principal header', () => {
    const none = readCaller(requestWith([{ typ: 'oid', val: OID }]), true);
    expect(none.ok && none.value.groups).toEqual([]);
    const bare = new HttpRequest({
      method: 'GET',
      url: 'http://localhost/api/identity-requests',
      headers: { 'x-ms-client-principal-id': OID },
    });
    const caller = readCaller(bare, true);
    expect(caller.ok && caller.value).toEqual({ id: OID, roles: [], groups: [] });
  });

  it('never takes a group from a claim of another type, nor an empty one', () => {
    const caller = readCaller(
      requestWith([
        { typ: 'group', val: GROUP_A },
        { typ: 'roles', val: GROUP_B },
        { typ: 'groups', val: '' },
      ]),
      true,
    );
    expect(caller.ok && caller.value.groups).toEqual([]);
  });
});
