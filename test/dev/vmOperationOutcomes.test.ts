/*
 * A VM update whose operation ends Failed or Canceled, as @azure/arm-compute 24.1.0 (core-lro 3.3) sees it:
 * - Failed: `poll()` throws a plain `Error` (not a RestError) whose message is
 *   "The long-running operation has failed. {error.code}. {error.message}"; the status body's `error` object is not
 *   kept on the poller (`operationState.error` is that same plain Error), so the adapter reads it off the wire.
 * - Canceled: `poll()` throws `new Error("Operation was canceled")`, carrying nothing of ARM's error.
 * - An operation status whose `status` is not a string makes core-lro throw a plain Error on every poll.
 * - Not JSON with `content-type: application/json` and connection resets are RestErrors (PARSE_ERROR, ECONNRESET).
 */
import { restorePoller, type ComputeManagementClient } from '@azure/arm-compute';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import { computeClient, startTestSandboxes, type TestSandboxes } from './support/testSandboxes.js';

let s: TestSandboxes;
let compute: ComputeManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes({ arm: { vmLroPolls: 1, retryAfterSeconds: 0 } });
  compute = await computeClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const rg = seed.RESOURCE_GROUP_NAMES.compute;
const fast = { updateIntervalInMs: 5 };
const enableSystem = () =>
  compute.virtualMachines.update(rg, seed.VM_NAMES.plain, { identity: { type: 'SystemAssigned' } }, fast);
const failure = { code: 'InternalOperationError', message: 'An internal execution error occurred.' };

/** Sends the PATCH, then resumes from the saved state and polls until the poller gives up or finishes. */
async function pollToEnd(): Promise<{ error: unknown; poller: ReturnType<typeof enableSystem> }> {
  const started = enableSystem();
  await started.submitted();
  const poller = restorePoller(compute, await started.serialize(), compute.virtualMachines.update, fast);
  try {
    while (!poller.isDone) await poller.poll();
    return { error: undefined, poller };
  } catch (error) {
    return { error, poller };
  }
}

const statusPolls = () => s.arm.log.filter((e) => /\/operations\//.test(e.path) && !e.query.monitor);

describe('VM operations that end Failed or Canceled', () => {
  it('answers Failed with the error body of the Azure-AsyncOperation spec and changes nothing', async () => {
    s.arm.faults.endNextVmOperation(seed.VM_PLAIN, { status: 'Failed', error: failure });
    const { error, poller } = await pollToEnd();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('Error');
    expect((error as Error).message).toBe(
      'The long-running operation has failed. InternalOperationError. An internal execution error occurred.',
    );
    expect(poller.operationState?.status).toBe('failed');
    expect(statusPolls().at(-1)?.status).toBe(200);
    const vm = s.arm.state.resource(seed.VM_PLAIN);
    expect(vm?.identity.principalId).toBeUndefined();
    expect(vm?.provisioningState).toBe('Failed');
  });

  it('serves the status body with status, times and error', async () => {
    s.arm.faults.endNextVmOperation(seed.VM_PLAIN, { status: 'Failed', error: failure });
    const started = enableSystem();
    await started.submitted();
    await started.catch(() => undefined);
    const url = s.arm.log[0]?.responseHeaders['azure-asyncoperation'] as string;
    const response = await fetchJson(url);
    expect(response).toEqual({
      name: expect.any(String),
      status: 'Failed',
      startTime: expect.any(String),
      endTime: expect.any(String),
      error: failure,
    });
  });

  it('answers Canceled and leaves the VM as it was', async () => {
    s.arm.faults.endNextVmOperation(seed.VM_PLAIN, { status: 'Canceled' });
    const { error, poller } = await pollToEnd();
    expect((error as Error).message).toBe('Operation was canceled');
    expect(poller.operationState?.status).toBe('canceled');
    expect(s.arm.state.resource(seed.VM_PLAIN)?.provisioningState).toBe('Succeeded');
  });

  it('ends only the next operation so: the one after succeeds', async () => {
    s.arm.faults.endNextVmOperation(seed.VM_PLAIN, { status: 'Failed', error: failure });
    await pollToEnd();
    const vm = await enableSystem();
    expect(vm.identity?.type).toBe('SystemAssigned');
  });
});

describe('faults that are not RestErrors', () => {
  it('answers a status that is not a string, which core-lro throws as a plain Error', async () => {
    s.arm.faults.inject({ method: 'GET', path: '/operations/', times: 10, status: 200, body: { status: 7 } });
    const { error } = await pollToEnd();
    expect((error as Error).name).toBe('Error');
    expect((error as Error).message).toMatch(
      /^Polling was unsuccessful\. Expected status to have a string value/,
    );
  });
});

async function fetchJson(url: string): Promise<unknown> {
  const { rawArm } = await import('./support/rawArm.js');
  const { pathname, search } = new URL(url);
  const token = s.authority.issue({
    aud: s.arm.url,
    oid: seed.BROKER.objectId,
    appid: seed.BROKER.clientId,
    tid: seed.TENANT_ID,
  }).token;
  return (await rawArm(s.arm, 'GET', `${pathname}${search}`, { token })).body;
}

describe('the control endpoint for VM operation outcomes', () => {
  it('arms an outcome from the local host and refuses one without a status it knows', async () => {
    const { rawArm } = await import('./support/rawArm.js');
    const refused = await rawArm(s.arm, 'POST', '/_sandbox/vm-operation-outcomes', {
      body: { vmId: seed.VM_PLAIN, status: 'Succeeded' },
    });
    expect(refused.status).toBe(400);
    const armed = await rawArm(s.arm, 'POST', '/_sandbox/vm-operation-outcomes', {
      body: { vmId: seed.VM_PLAIN, status: 'Failed', error: failure },
    });
    expect(armed.status).toBe(204);
    const { error } = await pollToEnd();
    expect((error as Error).message).toContain('InternalOperationError');
  });
});
