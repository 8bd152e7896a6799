// Sample callers and the headers Easy Auth would set for them: used by tests, benchmarks and the README.
import type { Caller } from '../src/core/caller.js';

export const REQUESTER: Caller = {
  id: '3f9c1d7e-2b4a-4c61-9e8f-5a1b2c3d4e5f',
  name: 'requester@contoso.com',
  roles: [],
};
export const APPROVER: Caller = {
  id: '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a',
  name: 'approver@contoso.com',
  roles: [],
};
export const ROLE_APPROVER: Caller = {
  id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
  name: 'oncall@contoso.com',
  roles: ['IdentityBroker.Approver'],
};
export const STRANGER: Caller = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'stranger@contoso.com',
  roles: [],
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
    ],
  };
  return {
    'x-ms-client-principal': Buffer.from(JSON.stringify(principal)).toString('base64'),
    'x-ms-client-principal-id': caller.id,
    ...(caller.name ? { 'x-ms-client-principal-name': caller.name } : {}),
    'x-ms-client-principal-idp': 'aad',
  };
}
