import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  LOWERCASE_UAI_REPORTING_KEY,
  TENANT_ID,
  UAI_REPORTING,
  UAI_RUNBOOKS,
  UAI_UNASSIGNABLE,
} from '../../dev/armSandbox/seed.js';
import { carryOut as carryOutRequest } from '../support/carryOut.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());
// Every assignment Azure holds for the broker is held by a live request, and no record claims more.
afterEach(() => expectLedgerMatchesArm(broker));
beforeEach(() => broker.reset());

const carryOut = (target: string, operations: unknown[]) => carryOutRequest(broker, target, operations);

const patchBodies = () => broker.armCalls((e) => e.method === 'PATCH').map((e) => e.body);

describe('Automation account identities', () => {
  it('disables the system identity and leaves the two user-assigned ones as UserAssigned', async () => {
    const done = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'disableSystemAssignedIdentity' },
    ]);
    expect(done.state).toBe('succeeded');
    expect(patchBodies()).toEqual([
      {
        identity: {
          type: 'UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: {}, [LOWERCASE_UAI_REPORTING_KEY]: {} },
        },
      },
    ]);
  });

  it('enables the system identity next to two user-assigned ones and keeps both', async () => {
    await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [{ kind: 'disableSystemAssignedIdentity' }]);
    broker.sandboxes.arm.clearLog();
    const done = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'enableSystemAssignedIdentity' },
    ]);
    expect(patchBodies()).toEqual([
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: {}, [LOWERCASE_UAI_REPORTING_KEY]: {} },
        },
      },
    ]);
    const identity = broker.sandboxes.arm.state.resource(AUTOMATION_ACCOUNT_WITH_IDENTITIES)?.identity;
    expect(done.state).toBe('succeeded');
    expect(done.results[0]).toMatchObject({
      status: 'succeeded',
      principalId: identity?.principalId,
      tenantId: TENANT_ID,
    });
    expect(done.plan.warnings.join(' ')).toContain(
      "a PATCH of type 'SystemAssigned' alone would remove them",
    );
  });

  it('attaches a user-assigned identity and keeps the system identity and the others', async () => {
    await carryOut(AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UAI_RUNBOOKS.id },
    ]);
    broker.sandboxes.arm.clearLog();
    const done = await carryOut(AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'attachUserAssignedIdentity', identity: UAI_REPORTING.id },
    ]);
    expect(patchBodies()).toEqual([
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: {}, [UAI_REPORTING.id]: {} },
        },
      },
    ]);
    expect(done.results[0]).toEqual({
      status: 'succeeded',
      principalId: UAI_REPORTING.principalId,
      clientId: UAI_REPORTING.clientId,
    });
  });

  it('detaches one user-assigned identity by sending it as null and keeps the rest', async () => {
    const done = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'detachUserAssignedIdentity', identity: UAI_REPORTING.id },
    ]);
    expect(done.state).toBe('succeeded');
    expect(patchBodies()).toEqual([
      {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { [UAI_RUNBOOKS.id]: {}, [LOWERCASE_UAI_REPORTING_KEY]: null },
        },
      },
    ]);
    const identity = broker.sandboxes.arm.state.resource(AUTOMATION_ACCOUNT_WITH_IDENTITIES)?.identity;
    expect(Object.keys(identity?.userAssignedIdentities ?? {}).map((k) => k.toLowerCase())).toEqual([
      UAI_RUNBOOKS.id.toLowerCase(),
    ]);
  });

  it('sends no PATCH when the identity is already as asked', async () => {
    const done = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'enableSystemAssignedIdentity' },
      {
        kind: 'attachUserAssignedIdentity',
        identity: UAI_RUNBOOKS.id.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'),
      },
    ]);
    expect(done.state).toBe('succeeded');
    expect(done.plan.steps[0]).toMatchObject({ change: 'none', calls: [] });
    expect(broker.armCalls(writes)).toEqual([]);
    expect(done.results.map((r: { status: string }) => r.status)).toEqual(['noChange', 'noChange']);
  });

  it('fails at once with LinkedAuthorizationFailed when the broker may not assign the identity', async () => {
    const done = await carryOut(AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'attachUserAssignedIdentity', identity: UAI_UNASSIGNABLE.id },
    ]);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'LinkedAuthorizationFailed', operation: 0 });
    expect(broker.armCalls(writes)).toHaveLength(1);
    expect(done.history.map((e: { type: string }) => e.type)).not.toContain('stepRetryScheduled');
  });
});
