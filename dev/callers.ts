// Sample callers and the headers Easy Auth would set for them: used by tests, benchmarks and the README.
import type { Caller } from '../src/core/caller.js';

export const REQUESTER: Caller = {
  id: '3f9c1d7e-2b4a-4c61-9e8f-5a1b2c3d4e5f',
  name: 'requester@contoso.com',
  roles: [],
  groups: [],
};
export const APPROVER: Caller = {
  id: '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a',
  name: 'approver@contoso.com',
  roles: [],
  groups: [],
};
export const ROLE_APPROVER: Caller = {
  id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
  name: 'oncall@contoso.com',
  roles: ['IdentityBroker.Approver'],
  groups: [],
};
/** The object ID of the Entra group whose members approve under the local policy. */
export const APPROVER_GROUP = '2c1b0a9f-8e7d-4c6b-9a59-483726150f4e';
export const GROUP_APPROVER: Caller = {
  id: '6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817',
  name: 'reviewer@contoso.com',
  roles: [],
  groups: [APPROVER_GROUP],
};
export const STRANGER: Caller = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'stranger@contoso.com',
  roles: [],
  groups: [],
};
/** A service that submits on the queue, named in `requestedBy` by the name the local policy maps. */
export const PROVISIONING_SERVICE = {
  id: '7e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b',
  name: 'provisioning-service',
};

/** The headers App Service Authentication sets for a signed-in caller. */
export function easyAuthHeaders(caller: Caller): Record<string, string> {
  const principal = {
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
    role_typ: 'roles',
    claims: [
      { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: caller.id },
      ...(caller.name ? [{ typ: 'name', val: caller.name }] : []),
      ...caller.roles.map((role) => ({ typ: 'roles', val: role })),
      ...caller.groups.map((group) => ({ typ: 'groups', val: group })),
    ],
  };
  return {
    'x-ms-client-principal': Buffer.from(JSON.stringify(principal)).toString('base64'),
    'x-ms-client-principal-id': caller.id,
    ...(caller.name ? { 'x-ms-client-principal-name': caller.name } : {}),
    'x-ms-client-principal-idp': 'aad',
  };
}
