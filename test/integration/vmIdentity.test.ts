import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  TENANT_ID,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  VM_PLAIN,
  VM_WITH_IDENTITY,
} from '../../dev/armSandbox/seed.js';
import { carryOut as carryOutRequest, eventTypes } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({ sandboxes: { arm: { vmLroPolls: 2, retryAfterSeconds: 0 } } });
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const carryOut = (target: string, operations: unknown[]) => carryOutRequest(broker, target, operations);
const patches = () => broker.armCalls((e) => e.method === 'PATCH');

describe('virtual machine identities (long-running updates)', () => {
  it("enables the system identity and attaches one through the spec's 200 Updating and Azure-AsyncOperation polls across nudges", async () => {
    const done = await carryOut(VM_PLAIN, [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => [e.status, e.body])).toEqual([
      [
        200,
        {
          identity: {
            type: 'SystemAssigned, UserAssigned',
            userAssignedIdentities: { [UAI_RUNBOOKS.id]: {} },
          },
        },
      ],
    ]);
    expect(patches()[0]?.responseHeaders['azure-asyncoperation']).toMatch(/\/operations\//);
    // Each look at the operation was its own nudge: the PATCH was sent once and resumed from its saved poller.
    expect(broker.armCalls((e) => /\/operations\//.test(e.path)).length).toBeGreaterThanOrEqual(2);
    expect(eventTypes(done).filter((t) => t === 'stepStarted')).toHaveLength(1);
    const vm = broker.sandboxes.arm.state.resource(VM_PLAIN);
    expect(done.results).toEqual([
      { status: 'succeeded', principalId: vm?.identity.principalId, tenantId: TENANT_ID },
      { status: 'succeeded', principalId: UAI_RUNBOOKS.principalId, clientId: UAI_RUNBOOKS.clientId },
    ]);
  });

  it('also carries a change answered 202 with Azure-AsyncOperation, as some services answer', async () => {
    broker.sandboxes.arm.options.vmUpdateAnswer = 'accepted';
    const done = await carryOut(VM_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => e.status)).toEqual([202]);
    expect(broker.armCalls((e) => /\/operations\//.test(e.path)).length).toBeGreaterThanOrEqual(2);
    const vm = broker.sandboxes.arm.state.resource(VM_PLAIN);
    expect(done.results).toEqual([
      { status: 'succeeded', principalId: vm?.identity.principalId, tenantId: TENANT_ID },
    ]);
  });

  it('ends at once on a 200 whose VM is already Succeeded, with nothing to poll', async () => {
    broker.sandboxes.arm.options.vmUpdateAnswer = 'completed';
    const done = await carryOut(VM_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => [e.status, e.responseHeaders['azure-asyncoperation']])).toEqual([
      [200, undefined],
    ]);
    expect(broker.armCalls((e) => /\/operations\//.test(e.path))).toEqual([]);
    const vm = broker.sandboxes.arm.state.resource(VM_PLAIN);
    expect(done.results).toEqual([
      { status: 'succeeded', principalId: vm?.identity.principalId, tenantId: TENANT_ID },
    ]);
  });

  it('attaches another identity and keeps the system identity and the first one', async () => {
    const done = await carryOut(VM_WITH_IDENTITY, [
      { kind: 'attachUserAssignedIdentity', identity: UAI_REPORTING.id },
    ]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => e.body)).toEqual([
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: {}, [UAI_REPORTING.id]: {} },
        },
      },
    ]);
  });

  it('detaches one by sending it as null, keeping the other and the system identity', async () => {
    await carryOut(VM_WITH_IDENTITY, [{ kind: 'attachUserAssignedIdentity', identity: UAI_REPORTING.id }]);
    broker.sandboxes.arm.clearLog();
    const done = await carryOut(VM_WITH_IDENTITY, [
      { kind: 'detachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => e.body)).toEqual([
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: null, [UAI_REPORTING.id]: {} },
        },
      },
    ]);
    const identity = broker.sandboxes.arm.state.resource(VM_WITH_IDENTITY)?.identity;
    expect(identity?.type).toBe('SystemAssigned, UserAssigned');
    expect(Object.keys(identity?.userAssignedIdentities ?? {})).toEqual([UAI_REPORTING.id]);
  });

  it('disables the system identity with a user-assigned one present and leaves UserAssigned', async () => {
    const done = await carryOut(VM_WITH_IDENTITY, [{ kind: 'disableSystemAssignedIdentity' }]);
    expect(done.state).toBe('succeeded');
    expect(patches().map((e) => e.body)).toEqual([
      { identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI_RUNBOOKS.id]: {} } } },
    ]);
    expect(broker.sandboxes.arm.state.resource(VM_WITH_IDENTITY)?.identity.type).toBe('UserAssigned');
  });

  it('fails with ARM reason when the long-running operation fails', async () => {
    broker.sandboxes.arm.faults.inject({
      method: 'PATCH',
      path: 'virtualMachines',
      status: 409,
      code: 'OperationNotAllowed',
      message: 'The VM is deallocating.',
    });
    const done = await carryOut(VM_PLAIN, [{ kind: 'enableSystemAssignedIdentity' }]);
    expect(done.state).toBe('failed');
    expect(done.error.code).toBe('OperationNotAllowed'); // callers see the code in the broker's words
    const stored = await broker.services.store.get(done.id);
    expect(stored?.request.error).toMatchObject({
      code: 'OperationNotAllowed',
      message: 'The VM is deallocating.',
    });
  });
});
