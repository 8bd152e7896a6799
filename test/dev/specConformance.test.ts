/*
 * The sandbox answers as Microsoft's published REST specs say (test/data/restSpecs/*.json hold the extracts):
 * VirtualMachines_Update lists 200 only, identity types are a closed enum, api-versions are those the spec
 * defines, and an Automation account without an identity has no `identity` key.
 */
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

const token = () =>
  s.authority.issue({
    aud: s.arm.url,
    oid: seed.BROKER.objectId,
    appid: seed.BROKER.clientId,
    tid: seed.TENANT_ID,
  }).token;
const codeOf = (body: unknown) => (body as { error?: { code?: string } } | undefined)?.error?.code;
const vmPatch = (body: unknown, apiVersion = '2026-03-01') =>
  rawArm(s.arm, 'PATCH', `${seed.VM_PLAIN}?api-version=${apiVersion}`, { token: token(), body });

describe('VM PATCH as VirtualMachines_Update specifies', () => {
  it('answers 200 with the VM Updating and Azure-AsyncOperation and Location to poll', async () => {
    const patch = await vmPatch({ identity: { type: 'SystemAssigned' } });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ id: seed.VM_PLAIN, properties: { provisioningState: 'Updating' } });
    expect(patch.headers['azure-asyncoperation']).toMatch(
      /\/operations\/[0-9a-f-]+\?api-version=2026-03-01$/,
    );
    expect(patch.headers.location).toContain('?monitor=true&api-version=2026-03-01');
  });

  it("keeps the 202 shape some services use behind vmUpdateAnswer: 'accepted'", async () => {
    s.arm.options.vmUpdateAnswer = 'accepted';
    const patch = await vmPatch({ identity: { type: 'SystemAssigned' } });
    expect([patch.status, patch.body]).toEqual([202, undefined]);
    expect(patch.headers['azure-asyncoperation']).toBeDefined();
  });

  it("finishes at once with 200, Succeeded and no polling headers under vmUpdateAnswer: 'completed'", async () => {
    s.arm.options.vmUpdateAnswer = 'completed';
    const patch = await vmPatch({ identity: { type: 'SystemAssigned' } });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      identity: { type: 'SystemAssigned' },
      properties: { provisioningState: 'Succeeded' },
    });
    expect([patch.headers['azure-asyncoperation'], patch.headers.location]).toEqual([undefined, undefined]);
  });
});

describe('identity type is a closed enum', () => {
  it.each([
    'UserAssigned,SystemAssigned',
    'SystemAssigned,UserAssigned',
    'UserAssigned, SystemAssigned',
    'Both',
  ])('refuses %j with 400 before changing anything', async (type) => {
    const body = { identity: { type, userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: {} } } };
    const vm = await vmPatch(body);
    expect([vm.status, codeOf(vm.body)]).toEqual([400, 'InvalidParameter']);
    const account = await rawArm(s.arm, 'PATCH', `${seed.AUTOMATION_ACCOUNT_PLAIN}?api-version=2023-11-01`, {
      token: token(),
      body,
    });
    expect([account.status, codeOf(account.body)]).toEqual([400, 'BadRequest']);
    expect(s.arm.state.operations()).toEqual([]);
  });

  it("accepts the four spellings in any letter case, as ARM's enum parsing does", async () => {
    const vm = await vmPatch({
      identity: {
        type: 'systemassigned, userassigned',
        userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: {} },
      },
    });
    expect(vm.status).toBe(200);
  });
});

describe('api-versions the spec defines', () => {
  it('answers 400 NoRegisteredProviderFound for a well-formed version the resource type does not have', async () => {
    const response = await rawArm(s.arm, 'GET', `${seed.VM_PLAIN}?api-version=2099-01-01`, {
      token: token(),
    });
    expect([response.status, codeOf(response.body)]).toEqual([400, 'NoRegisteredProviderFound']);
    expect((response.body as { error: { message: string } }).error.message).toMatch(
      /^No registered resource provider found for location 'westeurope' and API version '2099-01-01' for type 'virtualMachines'\. The supported api-versions are '.*2026-03-01.*'\./,
    );
    const roles = await rawArm(
      s.arm,
      'GET',
      `/subscriptions/${seed.SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleAssignments?api-version=2023-01-01`,
      { token: token() },
    );
    expect([roles.status, codeOf(roles.body)]).toEqual([400, 'NoRegisteredProviderFound']);
  });

  it('answers 400 InvalidApiVersionParameter for a version that is not a date', async () => {
    const response = await rawArm(s.arm, 'GET', `${seed.VM_PLAIN}?api-version=latest`, { token: token() });
    expect([response.status, codeOf(response.body)]).toEqual([400, 'InvalidApiVersionParameter']);
  });
});

describe('Automation account without an identity', () => {
  it('has no identity key, as the spec example GET shows', async () => {
    const response = await rawArm(s.arm, 'GET', `${seed.AUTOMATION_ACCOUNT_PLAIN}?api-version=2023-11-01`, {
      token: token(),
    });
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('identity');
  });
});
