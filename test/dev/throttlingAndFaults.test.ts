import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import { rawArm } from './support/rawArm.js';
import {
  authorizationClient,
  computeClient,
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let authorization: AuthorizationManagementClient;
let compute: ComputeManagementClient;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  authorization = await authorizationClient(s);
  compute = await computeClient(s);
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const tag = (id: string, value: string) =>
  resources.resources.beginUpdateByIdAndWait(id, '2023-11-01', { tags: { run: value } });
const writeHeaders = () =>
  s.arm.log.map((e) => e.responseHeaders['x-ms-ratelimit-remaining-subscription-writes']);

describe('write throttling', () => {
  it('answers 429 TooManyRequests with Retry-After once the bucket for a subscription and caller is empty', async () => {
    s.arm.options.writeBucket = { capacity: 2, refillPerSecond: 0.5 };
    await tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'a');
    await tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'b');
    const throttled = await sdkError(() => tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'c'));
    expect(throttled).toMatchObject({ code: 'TooManyRequests', statusCode: 429, retryAfter: '2' });
    expect(writeHeaders()).toEqual(['1', '0', '0']);
    // Reads and other subscriptions have their own budget.
    await resources.resources.getById(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01');
    await authorization.roleAssignments.delete(seed.KEY_VAULT, seed.EXISTING_ROLE_ASSIGNMENT.name);
    expect(s.arm.state.resource(seed.AUTOMATION_ACCOUNT_PLAIN)?.tags).toEqual({ run: 'b' });
  });

  it('is retried by the SDK itself after Retry-After when retries are left on', async () => {
    s.arm.options.writeBucket = { capacity: 1, refillPerSecond: 1 };
    const options = {
      endpoint: s.arm.url,
      tlsOptions: { ca: s.arm.ca },
      credentialScopes: [`${s.arm.url}/.default`],
    };
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    const retrying = new ResourceManagementClient(s.credential, seed.SUBSCRIPTION_ID, options);
    await retrying.resources.beginUpdateByIdAndWait(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01', {
      tags: { run: 'a' },
    });
    await retrying.resources.beginUpdateByIdAndWait(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01', {
      tags: { run: 'b' },
    });
    expect(s.arm.log.map((e) => e.status)).toEqual([200, 429, 200]);
    expect(s.arm.log[1]?.responseHeaders['retry-after']).toBe('1');
  });
});

describe('fault injection', () => {
  it('answers matching requests with the injected error the given number of times, before any state change', async () => {
    s.arm.faults.inject({
      method: 'patch',
      path: 'AA-PATCHING',
      times: 2,
      status: 503,
      code: 'ServiceUnavailable',
      headers: { 'retry-after': '4' },
    });
    for (let i = 0; i < 2; i += 1) {
      expect(await sdkError(() => tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'x'))).toMatchObject({
        code: 'ServiceUnavailable',
        statusCode: 503,
        retryAfter: '4',
      });
    }
    expect(s.arm.state.resource(seed.AUTOMATION_ACCOUNT_PLAIN)?.tags).toEqual({ environment: 'sandbox' });
    await tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'y');
    expect(s.arm.log.map((e) => [e.status, e.errorCode])).toEqual([
      [503, 'ServiceUnavailable'],
      [503, 'ServiceUnavailable'],
      [200, undefined],
    ]);
  });

  it('matches a RegExp path and can be cleared', async () => {
    s.arm.faults.inject({
      path: /roleAssignments\/[0-9a-f-]+$/i,
      times: 5,
      status: 409,
      code: 'Conflict',
      message: 'scripted',
    });
    const error = await sdkError(() =>
      authorization.roleAssignments.get(seed.KEY_VAULT, seed.EXISTING_ROLE_ASSIGNMENT.name),
    );
    expect(error).toMatchObject({ code: 'Conflict', statusCode: 409, message: 'scripted' });
    s.arm.faults.clear();
    await authorization.roleAssignments.get(seed.KEY_VAULT, seed.EXISTING_ROLE_ASSIGNMENT.name);
  });
});

describe('control endpoints', () => {
  it('inject and clear faults, show log and state, and reset, without being logged', async () => {
    const injected = await rawArm(s.arm, 'POST', '/_sandbox/faults', {
      body: { path: 'vm-build-01', status: 500, code: 'InternalServerError' },
    });
    expect(injected.status).toBe(201);
    expect(
      await sdkError(() => compute.virtualMachines.get('rg-compute', seed.VM_NAMES.plain)),
    ).toMatchObject({
      code: 'InternalServerError',
      statusCode: 500,
    });
    await rawArm(s.arm, 'POST', '/_sandbox/faults', { body: { status: 500, code: 'InternalServerError' } });
    expect((await rawArm(s.arm, 'DELETE', '/_sandbox/faults')).status).toBe(204);
    await compute.virtualMachines.get('rg-compute', seed.VM_NAMES.plain);
    const log = await rawArm(s.arm, 'GET', '/_sandbox/log');
    expect((log.body as unknown[]).length).toBe(2);
    const state = (await rawArm(s.arm, 'GET', '/_sandbox/state')).body as {
      resources: Array<{ id: string }>;
    };
    expect(state.resources.map((r) => r.id)).toContain(seed.VM_PLAIN);
    await tag(seed.AUTOMATION_ACCOUNT_PLAIN, 'z');
    expect((await rawArm(s.arm, 'POST', '/_sandbox/reset')).status).toBe(204);
    expect(s.arm.log).toEqual([]);
    expect(s.arm.state.resource(seed.AUTOMATION_ACCOUNT_PLAIN)?.tags).toEqual({ environment: 'sandbox' });
  });
});
