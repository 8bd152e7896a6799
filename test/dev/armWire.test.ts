import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import { startSandboxes, type Sandboxes } from '../../dev/sandboxes.js';
import { rawArm } from './support/rawArm.js';

let s: Sandboxes;
beforeAll(async () => {
  s = await startSandboxes();
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const token = (overrides: Partial<{ aud: string; oid: string; tid: string }> = {}, ttl = 600) =>
  s.authority.issue(
    {
      aud: s.arm.url,
      oid: seed.BROKER.objectId,
      appid: seed.BROKER.clientId,
      tid: seed.TENANT_ID,
      ...overrides,
    },
    ttl,
  ).token;
const uaiPath = `${seed.UAI_RUNBOOKS.id}?api-version=2024-11-30`;
const codeOf = (body: unknown) => (body as { error: { code: string } }).error.code;

describe('ARM sandbox authentication', () => {
  it('answers 401 with ARM codes for a missing, invalid, expired or foreign-audience token', async () => {
    const cases: Array<[string | undefined, string]> = [
      [undefined, 'AuthenticationFailed'],
      ['garbage', 'InvalidAuthenticationToken'],
      [token({}, -10), 'ExpiredAuthenticationToken'],
      [token({ aud: 'https://management.azure.com' }), 'InvalidAuthenticationTokenAudience'],
      [token({ tid: 'another-tenant' }), 'InvalidAuthenticationTokenTenant'],
    ];
    for (const [bearer, code] of cases) {
      const response = await rawArm(s.arm, 'GET', uaiPath, bearer ? { token: bearer } : {});
      expect([response.status, codeOf(response.body)]).toEqual([401, code]);
    }
  });

  it('accepts the audience with or without a trailing slash', async () => {
    expect((await rawArm(s.arm, 'GET', uaiPath, { token: token({ aud: `${s.arm.url}/` }) })).status).toBe(
      200,
    );
  });

  it('lets any valid caller read but only broker principals write (403 AuthorizationFailed)', async () => {
    const user = token({ oid: seed.USER_PRINCIPAL_ID });
    expect((await rawArm(s.arm, 'GET', uaiPath, { token: user })).status).toBe(200);
    const patch = await rawArm(s.arm, 'PATCH', `${seed.AUTOMATION_ACCOUNT_PLAIN}?api-version=2023-11-01`, {
      token: user,
      body: { tags: {} },
    });
    expect([patch.status, codeOf(patch.body)]).toEqual([403, 'AuthorizationFailed']);
    expect((patch.body as { error: { message: string } }).error.message).toContain(
      'Microsoft.Automation/automationAccounts/write',
    );
  });
});

describe('ARM sandbox wire handling', () => {
  it('serves //subscriptions paths and lowercased IDs, answering with canonical casing', async () => {
    const response = await rawArm(
      s.arm,
      'GET',
      `//${seed.UAI_RUNBOOKS.id.toLowerCase().slice(1)}?api-version=2024-11-30`,
      {
        token: token(),
      },
    );
    expect(response.status).toBe(200);
    expect((response.body as { id: string }).id).toBe(seed.UAI_RUNBOOKS.id);
    expect(s.arm.log[0]?.path).toBe(seed.UAI_RUNBOOKS.id.toLowerCase());
  });

  it('requires a supported api-version per resource type', async () => {
    const missing = await rawArm(s.arm, 'GET', seed.UAI_RUNBOOKS.id, { token: token() });
    expect([missing.status, codeOf(missing.body)]).toEqual([400, 'MissingApiVersionParameter']);
    const old = await rawArm(s.arm, 'GET', `${seed.VM_PLAIN}?api-version=2014-01-01`, { token: token() });
    expect([old.status, codeOf(old.body)]).toEqual([400, 'NoRegisteredProviderFound']);
    const preview = await rawArm(
      s.arm,
      'GET',
      `${seed.AUTOMATION_ACCOUNT_PLAIN}?api-version=2020-01-13-preview`,
      {
        token: token(),
      },
    );
    expect(preview.status).toBe(200);
  });

  it('puts request and correlation IDs on every response, echoing a given correlation ID', async () => {
    const response = await rawArm(s.arm, 'GET', uaiPath, {
      headers: { 'x-ms-correlation-request-id': 'corr-1' },
    });
    expect(response.status).toBe(401);
    expect(response.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers['x-ms-correlation-request-id']).toBe('corr-1');
    expect(response.headers['x-ms-error-code']).toBeUndefined();
  });

  it('logs each ARM call with caller, api-version, body and error code, but not control calls', async () => {
    const body = { identity: { type: 'Bogus' } };
    await rawArm(s.arm, 'PATCH', `${seed.AUTOMATION_ACCOUNT_PLAIN}?api-version=2023-11-01`, {
      token: token(),
      body,
    });
    await rawArm(s.arm, 'GET', '/_sandbox/state');
    expect(s.arm.log).toEqual([
      expect.objectContaining({
        seq: 1,
        method: 'PATCH',
        path: seed.AUTOMATION_ACCOUNT_PLAIN,
        query: { 'api-version': '2023-11-01' },
        apiVersion: '2023-11-01',
        body,
        status: 400,
        errorCode: 'BadRequest',
        callerOid: seed.BROKER.objectId,
      }),
    ]);
    s.arm.clearLog();
    expect(s.arm.log).toHaveLength(0);
  });

  it('answers 404 SandboxRouteNotFound for paths it does not model', async () => {
    const response = await rawArm(
      s.arm,
      'GET',
      `${seed.SUBSCRIPTION_SCOPE}/providers/Microsoft.Web/sites?api-version=2024-01-01`,
      {
        token: token(),
      },
    );
    expect([response.status, codeOf(response.body)]).toEqual([404, 'SandboxRouteNotFound']);
  });
});
