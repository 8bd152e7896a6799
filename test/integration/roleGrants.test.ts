import { randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { DefaultAzureCredential } from '@azure/identity';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOMATION_ACCOUNT_PLAIN,
  AUTOMATION_ACCOUNT_WITH_IDENTITIES,
  EXISTING_ROLE_ASSIGNMENT,
  KEY_VAULT,
  ROLE_DEFINITION_IDS,
  STORAGE_ACCOUNT,
  SUBSCRIPTION_ID,
  UAI_REPORTING,
  UAI_RUNBOOKS,
} from '../../dev/armSandbox/seed.js';
import { carryOut as carryOutRequest, eventTypes } from '../support/carryOut.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';
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
const puts = () => broker.armCalls((e) => e.method === 'PUT');
const kvSecretsUser = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITION_IDS['Key Vault Secrets User']}`;

describe('role grants', () => {
  it('grants the role to the principal the identity PATCH returned, retrying while it replicates', async () => {
    broker.sandboxes.arm.options.replicationDelayAttempts = 2;
    const done = await carryOut(AUTOMATION_ACCOUNT_PLAIN, [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ]);
    expect(done.state).toBe('succeeded');
    const principalId = broker.sandboxes.arm.state.resource(AUTOMATION_ACCOUNT_PLAIN)?.identity.principalId;
    expect(principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(done.results[0].principalId).toBe(principalId);
    expect(puts().map((e) => [e.status, e.errorCode ?? null])).toEqual([
      [400, 'PrincipalNotFound'],
      [400, 'PrincipalNotFound'],
      [201, null],
    ]);
    for (const put of puts())
      expect(put.body).toEqual({
        properties: {
          roleDefinitionId: done.plan.steps[1].role.roleDefinitionId,
          principalId,
          principalType: 'ServicePrincipal',
        },
      });
    expect(eventTypes(done).filter((t) => t === 'stepRetryScheduled')).toHaveLength(2);
    expect(done.results[1]).toMatchObject({
      status: 'succeeded',
      principalId,
      roleAssignmentId: expect.stringContaining(
        `${KEY_VAULT}/providers/Microsoft.Authorization/roleAssignments/`,
      ),
      note: expect.stringContaining('10 minutes'),
    });
  });

  it('succeeds without a write when the grant already exists under another name', async () => {
    const done = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      { kind: 'assignRole', principal: UAI_RUNBOOKS.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
    ]);
    expect(done.state).toBe('succeeded');
    expect(done.plan.steps[0]).toMatchObject({ change: 'none' });
    expect(puts()).toEqual([]);
    expect(done.results[0].roleAssignmentId.toLowerCase()).toContain(EXISTING_ROLE_ASSIGNMENT.name);
    expect(
      broker.sandboxes.arm.state
        .roleAssignments()
        .filter((a) => a.principalId === UAI_RUNBOOKS.principalId && a.scope === KEY_VAULT),
    ).toHaveLength(1);
  });

  it('takes RoleAssignmentExists as success when the grant appears after planning', async () => {
    const submitted = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [
        { kind: 'assignRole', principal: UAI_REPORTING.id, role: 'Key Vault Secrets User', scope: KEY_VAULT },
      ],
      justification: 'integration test',
    });
    // Someone grants the same triple by hand, under a name of their own, before the approval.
    const client = new AuthorizationManagementClient(new DefaultAzureCredential(), SUBSCRIPTION_ID, {
      endpoint: broker.sandboxes.arm.url,
      tlsOptions: { ca: broker.sandboxes.arm.ca },
    });
    const byHand = await client.roleAssignments.create(KEY_VAULT, randomUUID(), {
      roleDefinitionId: kvSecretsUser,
      principalId: UAI_REPORTING.principalId,
      principalType: 'ServicePrincipal',
    });
    await broker.approve(submitted.json.id);
    await broker.run();
    const done = (await broker.get(submitted.json.id)).json;
    expect(done.state).toBe('succeeded');
    expect(puts().map((e) => [e.status, e.errorCode ?? null])).toEqual([
      [201, null],
      [409, 'RoleAssignmentExists'],
    ]);
    expect(done.results[0].roleAssignmentId).toBe(byHand.id);
    expect(
      broker.sandboxes.arm.state
        .roleAssignments()
        .filter((a) => a.principalId === UAI_REPORTING.principalId && a.scope === KEY_VAULT),
    ).toHaveLength(1);
  });

  it('removes a role assignment, and what is already gone is success', async () => {
    const removed = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      {
        kind: 'removeRoleAssignment',
        principal: UAI_RUNBOOKS.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
      },
    ]);
    expect(removed.state).toBe('succeeded');
    expect(broker.armCalls((e) => e.method === 'DELETE').map((e) => e.status)).toEqual([200]);
    expect(removed.results[0]).toMatchObject({
      status: 'succeeded',
      removedRoleAssignmentIds: [expect.stringContaining(EXISTING_ROLE_ASSIGNMENT.name)],
    });
    broker.sandboxes.arm.clearLog();
    const again = await carryOut(AUTOMATION_ACCOUNT_WITH_IDENTITIES, [
      {
        kind: 'removeRoleAssignment',
        principal: UAI_RUNBOOKS.id,
        role: 'Key Vault Secrets User',
        scope: KEY_VAULT,
      },
    ]);
    expect(again.state).toBe('succeeded');
    expect(again.results[0]).toMatchObject({ status: 'noChange', removedRoleAssignmentIds: [] });
    expect(broker.armCalls((e) => e.method !== 'GET')).toEqual([]);
  });

  it('refuses at submission to grant to an identity the target does not have', async () => {
    const refused = await broker.submit({
      target: AUTOMATION_ACCOUNT_PLAIN,
      operations: [
        { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: STORAGE_ACCOUNT },
        { kind: 'assignRole', principal: UAI_RUNBOOKS.id, role: 'Reader', scope: STORAGE_ACCOUNT },
        {
          kind: 'assignRole',
          principal: UAI_RUNBOOKS.id.replace('id-runbooks', 'id-missing'),
          role: 'Reader',
          scope: STORAGE_ACCOUNT,
        },
        { kind: 'assignRole', principal: 'systemAssigned', role: 'No Such Role', scope: STORAGE_ACCOUNT },
      ],
      justification: 'integration test',
    });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(refused.json.errors.map((e: { path: string }) => e.path)).toEqual([
      'operations[0].principal',
      'operations[1].principal',
      'operations[2].principal',
      'operations[3].role',
    ]);
  });

  it('denies a privileged role at submission and never touches ARM with a write', async () => {
    const denied = await broker.submit({
      target: AUTOMATION_ACCOUNT_WITH_IDENTITIES,
      operations: [
        {
          kind: 'assignRole',
          principal: 'systemAssigned',
          role: ROLE_DEFINITION_IDS.Owner,
          scope: `/subscriptions/${SUBSCRIPTION_ID}`,
        },
      ],
      justification: 'integration test',
    });
    expect(denied.status).toBe(202);
    expect(denied.json.state).toBe('denied');
    expect(denied.json.policy.reasons.join(' ')).toContain("'Owner' is never granted");
    expect((await broker.approve(denied.json.id)).status).toBe(409);
    await broker.run();
    expect(broker.armCalls((e) => e.method !== 'GET')).toEqual([]);
  });
});
