import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  BROKER_USER_ASSIGNED,
  EXISTING_ROLE_ASSIGNMENT,
  KEY_VAULT,
  STORAGE_ACCOUNT,
  UAI_RUNBOOKS,
} from '../../dev/armSandbox/seed.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { recreateSystemIdentity } from '../support/byHand.js';
import { type TestBroker, startTestBroker, writes } from '../support/testBroker.js';

let broker: TestBroker;
beforeAll(async () => {
  // The broker runs as its user-assigned identity here, so that identity is one a request could name.
  process.env.AZURE_CLIENT_ID = BROKER_USER_ASSIGNED.clientId;
  broker = await startTestBroker();
});
afterAll(async () => {
  delete process.env.AZURE_CLIENT_ID;
  await broker.close();
});
beforeEach(() => broker.reset());
afterEach(() => expectLedgerMatchesArm(broker));

const submit = (target: string, operations: unknown[]) =>
  broker.submit({ target, operations, justification: 'principal rules' });

describe('the principal the approver saw is the principal granted', () => {
  it('fails with the reason, and grants nothing, when the system identity was recreated after approval', async () => {
    const submitted = await submit(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: STORAGE_ACCOUNT },
    ]);
    expect(submitted.json.plan.steps[0].role.principalId).toBe(AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID);
    await broker.approve(submitted.json.id);
    const recreated = await recreateSystemIdentity(broker, AUTOMATION_ACCOUNT_WITH_IDENTITIES);
    expect(recreated).not.toBe(AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID);
    broker.sandboxes.arm.clearLog();
    await broker.run();
    const done = (await broker.get(submitted.json.id)).json;
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'principalChanged', operation: 0 });
    expect(done.error.message).toContain(AUTOMATION_ACCOUNT_SYSTEM_PRINCIPAL_ID);
    expect(done.error.message).toContain(recreated);
    expect(broker.armCalls(writes)).toEqual([]);
  });
});

describe('role operations name only the target identity, never the broker', () => {
  it('refuses to remove the grants of a user-assigned identity the target does not have', async () => {
    const refused = await submit(AUTOMATION_ACCOUNT_PLAIN, [
      {
        kind: 'removeRoleAssignment',
        principal: UAI_RUNBOOKS.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
      },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      { path: 'operations[0].principal', message: expect.stringContaining('is not attached to the target') },
    ]);
    expect(broker.sandboxes.arm.state.roleAssignment(EXISTING_ROLE_ASSIGNMENT.name)).toBeDefined();
  });

  it("refuses any operation on the broker's own identity", async () => {
    const refused = await submit(AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'attachUserAssignedIdentity', identity: BROKER_USER_ASSIGNED.id },
      { kind: 'assignRole', principal: BROKER_USER_ASSIGNED.id, role: 'Reader', scope: STORAGE_ACCOUNT },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'operations[0].identity',
      'operations[1].principal',
    ]);
    for (const e of refused.json.errors) expect(e.message).toContain("the broker's own identity");
    const removal = await submit(AUTOMATION_ACCOUNT_PLAIN, [
      {
        kind: 'removeRoleAssignment',
        principal: BROKER_USER_ASSIGNED.id,
        role: 'Reader',
        scope: STORAGE_ACCOUNT,
      },
    ]);
    expect(removal.status).toBe(422);
    expect(broker.armCalls(writes)).toEqual([]);
  });

  it('refuses the same grant named once by role name and once by its GUID', async () => {
    const refused = await submit(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: STORAGE_ACCOUNT },
      {
        kind: 'assignRole',
        principal: 'systemAssigned',
        role: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
        scope: STORAGE_ACCOUNT,
      },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      { path: 'operations[1]', message: expect.stringContaining('operations[0]') },
    ]);
  });
});
