/*
 * VM identity updates are long-running operations. What works with @azure/arm-compute 24.1.0 (core-lro 3):
 *
 * - `client.virtualMachines.update(rg, vm, { identity }, { updateIntervalInMs })` returns a core-lro 3 `PollerLike`.
 *   Awaiting it (or `pollUntilDone()`) polls Azure-AsyncOperation until Succeeded, then GETs the `Location` monitor
 *   URL, which returns the VM. `Retry-After` overrides `updateIntervalInMs` whenever it is non-zero.
 * - Suspend and resume:
 *     const poller = client.virtualMachines.update(...);
 *     await poller.submitted();                  // the PATCH has been answered (200 Updating, or 202)
 *     const state = await poller.serialize();    // JSON string with absolute operation/Location URLs; persist it
 *     // ... later, in another invocation, with a client built the same way:
 *     const resumed = restorePoller(client, state, client.virtualMachines.update, { updateIntervalInMs });
 *     while (!resumed.isDone) await resumed.poll(); // isDone is a property; each poll() is one GET (the last also GETs Location)
 *     resumed.result;                            // the VM; resumed.operationState.status === 'succeeded'
 * - `poller.toString()` on this PollerLike returns "[object Poller]": it is NOT the serialized state. Only the
 *   deprecated `beginUpdate` (a SimplePollerLike) still serialises through toString().
 * - The serialized state holds absolute URLs, so the resumed poller keeps talking to the endpoint that answered.
 * - A null user-assigned value survives compute's serializer; any non-null value is sent as `{}`.
 * - The spec's answer, 200 with the VM `Updating` and Azure-AsyncOperation, is polled like a 202: core-lro 3.3
 *   picks its mode from the headers (OperationLocation), not the status; a 200 with no header ends at once.
 */
import {
  restorePoller,
  type ComputeManagementClient,
  type UserAssignedIdentitiesValue,
  type VirtualMachineIdentity,
} from '@azure/arm-compute';
import type { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import { rawArm } from './support/rawArm.js';
import {
  computeClient,
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let compute: ComputeManagementClient;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  compute = await computeClient(s);
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const fast = { updateIntervalInMs: 5 };
const rg = seed.RESOURCE_GROUP_NAMES.compute;
const update = (vm: string, identity: VirtualMachineIdentity) =>
  compute.virtualMachines.update(rg, vm, { identity }, fast);
const remove = null as unknown as UserAssignedIdentitiesValue;
const token = () =>
  s.authority.issue({
    aud: s.arm.url,
    oid: seed.BROKER.objectId,
    appid: seed.BROKER.clientId,
    tid: seed.TENANT_ID,
  }).token;

describe('VM identity updates through @azure/arm-compute', () => {
  it('polls the operation to Succeeded and returns the VM with the merged identity', async () => {
    const vm = await update(seed.VM_NAMES.withIdentity, {
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { [seed.UAI_REPORTING.id]: {} },
    });
    expect(vm.identity?.principalId).toBe(seed.VM_SYSTEM_PRINCIPAL_ID);
    expect(Object.keys(vm.identity?.userAssignedIdentities ?? {})).toEqual([
      seed.UAI_RUNBOOKS.id,
      seed.UAI_REPORTING.id,
    ]);
    expect(vm.provisioningState).toBe('Succeeded');
    const [first, ...polls] = s.arm.log;
    expect(first).toMatchObject({ method: 'PATCH', status: 200 });
    expect(first?.responseHeaders).toMatchObject({
      'azure-asyncoperation': expect.stringMatching(
        /\/providers\/Microsoft\.Compute\/locations\/westeurope\/operations\/[0-9a-f-]+\?api-version=2026-03-01$/,
      ),
      location: expect.stringContaining('?monitor=true&api-version=2026-03-01'),
      'retry-after': '0',
    });
    expect(polls.map((p) => [p.query.monitor ?? 'status', p.status])).toEqual([
      ['status', 200],
      ['status', 200],
      ['status', 200],
      ['true', 200],
    ]);
  });

  it('shows Updating and the old identity while running, and refuses another PATCH with 409', async () => {
    const poller = update(seed.VM_NAMES.plain, { type: 'SystemAssigned' });
    await poller.submitted();
    const during = await compute.virtualMachines.get(rg, seed.VM_NAMES.plain);
    expect([during.provisioningState, during.identity]).toEqual(['Updating', undefined]);
    expect(await sdkError(() => update(seed.VM_NAMES.plain, { type: 'None' }))).toMatchObject({
      code: 'AnotherOperationInProgress',
      statusCode: 409,
    });
    const done = await poller;
    expect(done.identity?.type).toBe('SystemAssigned');
    expect(s.arm.state.principal(done.identity?.principalId ?? '')).toMatchObject({
      resourceId: seed.VM_PLAIN,
    });
  });

  it('resumes a suspended poller from its serialized state in another call', async () => {
    const poller = update(seed.VM_NAMES.withIdentity, { type: 'SystemAssigned' });
    await poller.submitted();
    expect(poller.toString()).toBe('[object Poller]');
    const state = await poller.serialize();
    // A fresh client stands for the later invocation that resumes the operation.
    const later = await computeClient(s);
    const resumed = restorePoller(later, state, later.virtualMachines.update, fast);
    let polls = 0;
    while (!resumed.isDone) {
      await resumed.poll();
      polls += 1;
    }
    expect(polls).toBe(3);
    expect(resumed.operationState?.status).toBe('succeeded');
    expect(resumed.result?.identity).toMatchObject({
      type: 'SystemAssigned',
      principalId: seed.VM_SYSTEM_PRINCIPAL_ID,
    });
    expect(resumed.result?.identity?.userAssignedIdentities).toBeUndefined();
  });

  it('answers the Location monitor with 202 while running and 200 with the VM when done', async () => {
    s.arm.options.vmLroPolls = 1;
    s.arm.options.retryAfterSeconds = 7;
    const patch = await rawArm(s.arm, 'PATCH', `${seed.VM_PLAIN}?api-version=2024-11-01`, {
      token: token(),
      body: { identity: { type: 'UserAssigned', userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: {} } } },
    });
    expect([patch.status, patch.headers['retry-after']]).toEqual([200, '7']);
    const monitor = new URL(String(patch.headers.location));
    const running = await rawArm(s.arm, 'GET', `${monitor.pathname}${monitor.search}`, { token: token() });
    expect([running.status, running.headers['retry-after']]).toEqual([202, '7']);
    const done = await rawArm(s.arm, 'GET', `${monitor.pathname}${monitor.search}`, { token: token() });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: seed.VM_PLAIN,
      identity: { type: 'UserAssigned' },
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('also completes through the generic @azure/arm-resources beginUpdateById poller', async () => {
    const vm = await resources.resources.beginUpdateByIdAndWait(
      seed.VM_PLAIN,
      '2024-11-01',
      { identity: { type: 'SystemAssigned' } },
      fast,
    );
    expect(vm.identity?.type).toBe('SystemAssigned');
    expect(vm.properties).toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('removes one user-assigned identity sent as null', async () => {
    const vm = await update(seed.VM_NAMES.withIdentity, {
      type: 'SystemAssigned',
      userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: remove },
    });
    expect(s.arm.log[0]?.body).toEqual({
      identity: { type: 'SystemAssigned', userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: null } },
    });
    expect(vm.identity).toMatchObject({ type: 'SystemAssigned' });
  });

  it('answers 403 LinkedAuthorizationFailed before starting an operation', async () => {
    const error = await sdkError(() =>
      update(seed.VM_NAMES.plain, {
        type: 'UserAssigned',
        userAssignedIdentities: { [seed.UAI_UNASSIGNABLE.id]: {} },
      }),
    );
    expect(error).toMatchObject({ code: 'LinkedAuthorizationFailed', statusCode: 403 });
    expect(s.arm.state.operations()).toEqual([]);
  });

  it('rejects the legacy identityIds array and user-assigned identities before 2018-06-01 with 400 InvalidParameter', async () => {
    const legacy = await rawArm(s.arm, 'PATCH', `${seed.VM_PLAIN}?api-version=2026-03-01`, {
      token: token(),
      body: { identity: { type: 'UserAssigned', identityIds: [seed.UAI_RUNBOOKS.id] } },
    });
    expect([legacy.status, (legacy.body as { error: { code: string } }).error.code]).toEqual([
      400,
      'InvalidParameter',
    ]);
    const old = await sdkError(() =>
      resources.resources.beginUpdateByIdAndWait(seed.VM_PLAIN, '2018-04-01', {
        identity: { type: 'UserAssigned', userAssignedIdentities: { [seed.UAI_RUNBOOKS.id]: {} } },
      }),
    );
    expect(old).toMatchObject({ code: 'InvalidParameter', statusCode: 400 });
  });
});
