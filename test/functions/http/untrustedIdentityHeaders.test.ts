import { HttpRequest } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { readCaller } from '../../../src/functions/http/readCaller.js';

const OID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';

/** A call carrying a complete, self-consistent set of Easy Auth headers, as anyone can send them. */
const withIdentityHeaders = () =>
  new HttpRequest({
    method: 'GET',
    url: 'https://broker.example/api/identity-requests',
    headers: {
      'x-ms-client-principal': Buffer.from(
        JSON.stringify({
          auth_typ: 'aad',
          claims: [
            { typ: 'oid', val: OID },
            { typ: 'roles', val: 'IdentityBroker.Approver' },
          ],
        }),
      ).toString('base64'),
      'x-ms-client-principal-id': OID,
      'x-ms-client-principal-name': 'mallory@contoso.com',
    },
  });

const trustFrom = (WEBSITE_AUTH_ENABLED?: string) =>
  loadConfig(
    {
      POLICY: JSON.stringify({ approvers: ['role:IdentityBroker.Approver'] }),
      StateStorage: 'UseDevelopmentStorage=true',
      ...(WEBSITE_AUTH_ENABLED === undefined ? {} : { WEBSITE_AUTH_ENABLED }),
    },
    { requireServiceBus: false },
  ).trustEasyAuth;

/** DESIGN.md, Safety: identity headers are trusted only where Easy Auth set them. */
describe('identity headers the platform did not set', () => {
  it('are trusted only where App Service Authentication says it is on', () => {
    expect([undefined, '', 'false', 'False', '0', 'yes', 'on'].map(trustFrom)).toEqual(Array(7).fill(false));
    expect(['true', 'True', 'TRUE'].map(trustFrom)).toEqual([true, true, true]);
  });

  it('are refused, however complete, when the app does not trust them', () => {
    const caller = readCaller(withIdentityHeaders(), trustFrom(undefined));
    expect(caller).toMatchObject({
      ok: false,
      error: { status: 401, code: 'unauthenticated', detail: expect.stringContaining('not accepted') },
    });
    expect(readCaller(withIdentityHeaders(), trustFrom('true'))).toMatchObject({
      ok: true,
      value: { id: OID },
    });
  });
});
