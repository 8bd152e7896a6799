import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  authorizationClient,
  computeClient,
  msiClient,
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let authorization: AuthorizationManagementClient;
let compute: ComputeManagementClient;
let msi: ManagedServiceIdentityClient;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  authorization = await authorizationClient(s);
  compute = await computeClient(s);
  msi = await msiClient(s);
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const calls: Array<[string, () => Promise<unknown>]> = [
  [
    'arm-authorization',
    () => authorization.roleAssignments.get(seed.KEY_VAULT, seed.EXISTING_ROLE_ASSIGNMENT.name),
  ],
  ['arm-compute', () => compute.virtualMachines.get(seed.RESOURCE_GROUP_NAMES.compute, seed.VM_NAMES.plain)],
  [
    'arm-msi',
    () => msi.userAssignedIdentities.get(seed.RESOURCE_GROUP_NAMES.identities, seed.UAI_RUNBOOKS.name),
  ],
  ['arm-resources', () => resources.resources.getById(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01')],
];

describe('ARM errors as each SDK client surfaces them', () => {
  it.each(calls)(
    '%s throws a RestError with code, statusCode and the response headers',
    async (_client, call) => {
      s.arm.faults.inject({
        status: 429,
        code: 'TooManyRequests',
        message: 'slow down',
        headers: { 'retry-after': '3' },
      });
      expect(await sdkError(call)).toEqual({
        name: 'RestError',
        code: 'TooManyRequests',
        statusCode: 429,
        retryAfter: '3',
        message: 'slow down',
      });
    },
  );

  it('arm-compute long-running updates throw the same shape from the initial request', async () => {
    s.arm.faults.inject({
      method: 'PATCH',
      status: 409,
      code: 'AnotherOperationInProgress',
      message: 'busy',
    });
    const error = await sdkError(() =>
      compute.virtualMachines.update(seed.RESOURCE_GROUP_NAMES.compute, seed.VM_NAMES.plain, {
        tags: {},
      }),
    );
    expect(error).toMatchObject({
      name: 'RestError',
      code: 'AnotherOperationInProgress',
      statusCode: 409,
      message: 'busy',
    });
  });

  it('refuses the compute client without explicit scopes: its default audience is management.azure.com', async () => {
    const { ComputeManagementClient } = await import('@azure/arm-compute');
    const client = new ComputeManagementClient(s.credential, seed.SUBSCRIPTION_ID, {
      endpoint: s.arm.url,
      tlsOptions: { ca: s.arm.ca },
      retryOptions: { maxRetries: 0 },
    });
    const error = await sdkError(() =>
      client.virtualMachines.get(seed.RESOURCE_GROUP_NAMES.compute, seed.VM_NAMES.plain),
    );
    expect(error).toMatchObject({ code: 'InvalidAuthenticationTokenAudience', statusCode: 401 });
  });

  it('fails TLS on every client without tlsOptions.ca, so the option is what makes the sandbox trusted', async () => {
    const [auth, compute, msi, resources] = await Promise.all([
      import('@azure/arm-authorization'),
      import('@azure/arm-compute'),
      import('@azure/arm-msi'),
      import('@azure/arm-resources'),
    ]);
    const untrusted = {
      endpoint: s.arm.url,
      retryOptions: { maxRetries: 0 },
      credentialScopes: [`${s.arm.url}/.default`],
    };
    const id = seed.EXISTING_ROLE_ASSIGNMENT;
    const failures = await Promise.all([
      sdkError(() =>
        new auth.AuthorizationManagementClient(
          s.credential,
          seed.SUBSCRIPTION_ID,
          untrusted,
        ).roleAssignments.get(id.scope, id.name),
      ),
      sdkError(() =>
        new compute.ComputeManagementClient(s.credential, seed.SUBSCRIPTION_ID, {
          ...untrusted,
          credentials: { scopes: untrusted.credentialScopes },
        }).virtualMachines.get(seed.RESOURCE_GROUP_NAMES.compute, seed.VM_NAMES.plain),
      ),
      sdkError(() =>
        new msi.ManagedServiceIdentityClient(
          s.credential,
          seed.SUBSCRIPTION_ID,
          untrusted,
        ).userAssignedIdentities.get(seed.RESOURCE_GROUP_NAMES.identities, seed.UAI_RUNBOOKS.name),
      ),
      sdkError(() =>
        new resources.ResourceManagementClient(
          s.credential,
          seed.SUBSCRIPTION_ID,
          untrusted,
        ).resources.getById(seed.AUTOMATION_ACCOUNT_PLAIN, '2023-11-01'),
      ),
    ]);
    expect(failures.map((f) => f.code)).toEqual(Array(4).fill('DEPTH_ZERO_SELF_SIGNED_CERT'));
  });
});
