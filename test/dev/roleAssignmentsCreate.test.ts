import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { RoleAssignmentCreateParameters } from '@azure/arm-authorization';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as seed from '../../dev/armSandbox/seed.js';
import {
  authorizationClient,
  resourcesClient,
  sdkError,
  startTestSandboxes,
  type TestSandboxes,
} from './support/testSandboxes.js';

let s: TestSandboxes;
let authorization: AuthorizationManagementClient;
let resources: ResourceManagementClient;
beforeAll(async () => {
  s = await startTestSandboxes();
  authorization = await authorizationClient(s);
  resources = await resourcesClient(s);
});
afterAll(() => s.close());
beforeEach(() => s.arm.reset());

const NAME = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
const OTHER_NAME = '8a9b0c1d-2e3f-4a5b-8c7d-9e0f1a2b3c4d';
const roleId = (role: seed.BuiltInRoleName, subscription = seed.SUBSCRIPTION_ID) =>
  `/subscriptions/${subscription}/providers/Microsoft.Authorization/roleDefinitions/${seed.ROLE_DEFINITION_IDS[role]}`;
const create = (scope: string, name: string, parameters: RoleAssignmentCreateParameters) =>
  authorization.roleAssignments.create(scope, name, parameters);
const operator = (principalId: string): RoleAssignmentCreateParameters => ({
  roleDefinitionId: roleId('Automation Operator'),
  principalId,
  principalType: 'ServicePrincipal',
});

describe('creating role assignments', () => {
  it('creates an assignment with 201 and answers the same PUT again with 201', async () => {
    const first = await create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId));
    expect(first).toMatchObject({
      id: `${seed.RG_AUTOMATION}/providers/Microsoft.Authorization/roleAssignments/${NAME}`,
      name: NAME,
      type: 'Microsoft.Authorization/roleAssignments',
      scope: seed.RG_AUTOMATION,
      principalType: 'ServicePrincipal',
      createdBy: seed.BROKER.objectId,
    });
    const again = await create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId));
    expect(again.id).toBe(first.id);
    expect(s.arm.log.map((e) => e.status)).toEqual([201, 201]);
    expect(s.arm.state.roleAssignments().filter((a) => a.name === NAME)).toHaveLength(1);
  });

  it('creates at a management group scope', async () => {
    const created = await create(seed.MANAGEMENT_GROUP_SCOPE, NAME, {
      ...operator(seed.UAI_REPORTING.principalId),
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${seed.ROLE_DEFINITION_IDS.Reader}`,
    });
    expect(created.id).toBe(
      `${seed.MANAGEMENT_GROUP_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${NAME}`,
    );
  });

  it('answers 409 RoleAssignmentExists for the same triple under another name, naming the existing one in hex', async () => {
    const existing = seed.EXISTING_ROLE_ASSIGNMENT;
    // Any valid role definition ID prefix names the same role.
    const error = await sdkError(() =>
      create(existing.scope, NAME, {
        roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${seed.ROLE_DEFINITION_IDS[existing.role]}`,
        principalId: existing.principalId,
        principalType: 'ServicePrincipal',
      }),
    );
    expect(error).toMatchObject({ code: 'RoleAssignmentExists', statusCode: 409 });
    expect(error.message).toBe(
      `The role assignment already exists. The ID of the existing role assignment is ${existing.name.replaceAll('-', '')}.`,
    );
  });

  it('answers 400 RoleAssignmentUpdateNotPermitted when the name exists with another principal or role', async () => {
    await create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId));
    const otherPrincipal = await sdkError(() =>
      create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_RUNBOOKS.principalId)),
    );
    expect(otherPrincipal).toMatchObject({ code: 'RoleAssignmentUpdateNotPermitted', statusCode: 400 });
    const otherRole = await sdkError(() =>
      create(seed.RG_AUTOMATION, NAME, {
        ...operator(seed.UAI_REPORTING.principalId),
        roleDefinitionId: roleId('Reader'),
      }),
    );
    expect(otherRole).toMatchObject({ code: 'RoleAssignmentUpdateNotPermitted', statusCode: 400 });
  });

  it('answers PrincipalNotFound for a new system identity until it has replicated', async () => {
    s.arm.options.replicationDelayAttempts = 2;
    const account = await resources.resources.beginUpdateByIdAndWait(
      seed.AUTOMATION_ACCOUNT_PLAIN,
      '2023-11-01',
      {
        identity: { type: 'SystemAssigned' },
      },
    );
    const principalId = account.identity?.principalId ?? '';
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(await sdkError(() => create(seed.RG_AUTOMATION, NAME, operator(principalId)))).toMatchObject({
        code: 'PrincipalNotFound',
        statusCode: 400,
      });
    }
    expect((await create(seed.RG_AUTOMATION, NAME, operator(principalId))).principalId).toBe(principalId);
  });

  it('answers PrincipalNotFound for an unknown principal, or a delayed one via faults.delayPrincipal', async () => {
    const unknown = await sdkError(() =>
      create(seed.RG_AUTOMATION, NAME, operator('0f0f0f0f-0000-4000-8000-000000000000')),
    );
    expect(unknown).toMatchObject({ code: 'PrincipalNotFound', statusCode: 400 });
    s.arm.faults.delayPrincipal(seed.UAI_REPORTING.principalId, 1);
    const delayed = await sdkError(() =>
      create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId)),
    );
    expect(delayed.code).toBe('PrincipalNotFound');
    expect((await create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId))).name).toBe(
      NAME,
    );
  });

  it.each([
    ['Owner', 'ServicePrincipal'],
    ['User Access Administrator', 'ServicePrincipal'],
    ['Role Based Access Control Administrator', 'ServicePrincipal'],
    ['Reader', 'User'],
    ['Reader', undefined],
  ] as const)(
    "refuses %s for a %s principal with 403 AuthorizationFailed naming the broker's condition",
    async (role, type) => {
      const error = await sdkError(() =>
        create(seed.RG_AUTOMATION, NAME, {
          roleDefinitionId: roleId(role),
          principalId: type === 'User' ? seed.USER_PRINCIPAL_ID : seed.UAI_REPORTING.principalId,
          ...(type ? { principalType: type } : {}),
        }),
      );
      expect(error).toMatchObject({ code: 'AuthorizationFailed', statusCode: 403 });
      expect(error.message).toContain('condition');
    },
  );

  it('rejects an MSI principal type, a non-GUID name, an unknown role and a missing scope', async () => {
    const msi = {
      ...operator(seed.UAI_REPORTING.principalId),
      principalType: 'MSI',
    } as unknown as RoleAssignmentCreateParameters;
    expect(await sdkError(() => create(seed.RG_AUTOMATION, NAME, msi))).toMatchObject({
      code: 'InvalidPrincipalType',
      statusCode: 400,
    });
    expect(
      await sdkError(() =>
        create(seed.RG_AUTOMATION, 'not-a-guid', operator(seed.UAI_REPORTING.principalId)),
      ),
    ).toMatchObject({
      code: 'InvalidRoleAssignmentId',
      statusCode: 400,
    });
    const unknownRole = {
      ...operator(seed.UAI_REPORTING.principalId),
      roleDefinitionId: roleId('Reader').replace(/[0-9a-f-]{36}$/, '00000000-0000-4000-8000-000000000001'),
    };
    expect(await sdkError(() => create(seed.RG_AUTOMATION, NAME, unknownRole))).toMatchObject({
      code: 'RoleDefinitionDoesNotExist',
      statusCode: 400,
    });
    const missingGroup = `${seed.SUBSCRIPTION_SCOPE}/resourceGroups/rg-missing`;
    expect(
      await sdkError(() => create(missingGroup, NAME, operator(seed.UAI_REPORTING.principalId))),
    ).toMatchObject({
      code: 'ResourceGroupNotFound',
      statusCode: 404,
    });
  });

  it('answers 400 RoleAssignmentLimitExceeded once the subscription holds the limit', async () => {
    const inSubscription = s.arm.state
      .roleAssignments()
      .filter((a) => a.scope.startsWith(seed.SUBSCRIPTION_SCOPE));
    s.arm.options.roleAssignmentLimit = inSubscription.length;
    expect(
      await sdkError(() => create(seed.RG_AUTOMATION, NAME, operator(seed.UAI_REPORTING.principalId))),
    ).toMatchObject({
      code: 'RoleAssignmentLimitExceeded',
      statusCode: 400,
    });
    const elsewhere = await create(seed.STORAGE_ACCOUNT, OTHER_NAME, {
      roleDefinitionId: roleId('Storage Blob Data Contributor', seed.DATA_SUBSCRIPTION_ID),
      principalId: seed.UAI_REPORTING.principalId,
      principalType: 'ServicePrincipal',
    });
    expect(elsewhere.name).toBe(OTHER_NAME);
  });
});
