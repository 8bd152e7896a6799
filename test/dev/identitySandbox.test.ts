import { DefaultAzureCredential } from '@azure/identity';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BROKER, BROKER_USER_ASSIGNED, TENANT_ID } from '../../dev/armSandbox/seed.js';
import { startSandboxes, type Sandboxes } from '../../dev/sandboxes.js';

let sandboxes: Sandboxes;
const saved = { ...process.env };

beforeAll(async () => {
  sandboxes = await startSandboxes();
});
afterAll(() => sandboxes.close());
afterEach(() => {
  process.env = { ...saved };
  sandboxes.identity.requests.length = 0;
});

const tokenUrl = (query: string) => `${sandboxes.identity.endpoint}?${query}`;
const get = (query: string, header: string | null = sandboxes.identity.identityHeader) =>
  fetch(tokenUrl(query), { headers: header === null ? {} : { 'x-identity-header': header } });

describe('the App Service managed-identity endpoint', () => {
  it('issues a token for the system-assigned identity with the audience stripped of /.default', async () => {
    const response = await get('api-version=2019-08-01&resource=https://example.test/.default');
    const body = (await response.json()) as Record<string, string>;
    expect(response.status).toBe(200);
    expect(body).toMatchObject({
      resource: 'https://example.test/.default',
      token_type: 'Bearer',
      client_id: BROKER.clientId,
    });
    expect(body.expires_on).toMatch(/^\d+$/);
    const verified = sandboxes.authority.verify(body.access_token ?? '');
    expect(verified).toMatchObject({
      ok: true,
      claims: { aud: 'https://example.test', oid: BROKER.objectId, tid: TENANT_ID },
    });
  });

  it('selects a user-assigned identity by client_id or mi_res_id', async () => {
    for (const query of [
      `client_id=${BROKER_USER_ASSIGNED.clientId}`,
      `mi_res_id=${BROKER_USER_ASSIGNED.id}`,
    ]) {
      const body = (await (
        await get(`api-version=2019-08-01&resource=https://a.test/&${query}`)
      ).json()) as Record<string, string>;
      expect(sandboxes.authority.verify(body.access_token ?? '')).toMatchObject({
        ok: true,
        claims: { aud: 'https://a.test', oid: BROKER_USER_ASSIGNED.principalId },
      });
    }
  });

  it('answers 401 without the right identity header and 400 for a missing parameter or unknown identity', async () => {
    expect((await get('api-version=2019-08-01&resource=https://a.test', null)).status).toBe(401);
    expect((await get('api-version=2019-08-01&resource=https://a.test', 'wrong')).status).toBe(401);
    expect((await get('resource=https://a.test')).status).toBe(400);
    expect((await get('api-version=2019-08-01')).status).toBe(400);
    expect((await get('api-version=2019-08-01&resource=https://a.test&client_id=nobody')).status).toBe(400);
    expect(sandboxes.identity.requests.map((r) => [r.headerOk, r.status])).toEqual([
      [false, 401],
      [false, 401],
      [true, 400],
      [true, 400],
      [true, 400],
    ]);
  });

  it('serves DefaultAzureCredential through IDENTITY_ENDPOINT and IDENTITY_HEADER alone', async () => {
    process.env.IDENTITY_ENDPOINT = sandboxes.env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = sandboxes.env.IDENTITY_HEADER;
    const token = await new DefaultAzureCredential().getToken(`${sandboxes.arm.url}/.default`);
    expect(sandboxes.authority.verify(token.token)).toMatchObject({
      ok: true,
      claims: { aud: sandboxes.arm.url, oid: BROKER.objectId },
    });
    expect(sandboxes.identity.requests).toEqual([
      expect.objectContaining({ resource: sandboxes.arm.url, headerOk: true, status: 200 }),
    ]);
    expect(sandboxes.identity.requests[0]?.clientId).toBeUndefined();
    expect(sandboxes.env).toEqual({
      ARM_ENDPOINT: sandboxes.arm.url,
      IDENTITY_ENDPOINT: sandboxes.identity.endpoint,
      IDENTITY_HEADER: sandboxes.identity.identityHeader,
    });
  });

  it('asks for the user-assigned identity when AZURE_CLIENT_ID is set', async () => {
    process.env.IDENTITY_ENDPOINT = sandboxes.env.IDENTITY_ENDPOINT;
    process.env.IDENTITY_HEADER = sandboxes.env.IDENTITY_HEADER;
    process.env.AZURE_CLIENT_ID = BROKER_USER_ASSIGNED.clientId;
    // A scope of its own: tokens are cached per process.
    const token = await new DefaultAzureCredential().getToken('https://user-assigned.test/.default');
    expect(sandboxes.authority.verify(token.token)).toMatchObject({
      ok: true,
      claims: { aud: 'https://user-assigned.test', oid: BROKER_USER_ASSIGNED.principalId },
    });
    expect(sandboxes.identity.requests[0]?.clientId).toBe(BROKER_USER_ASSIGNED.clientId);
  });
});
