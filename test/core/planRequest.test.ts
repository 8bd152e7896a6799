import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../src/core/armError.js';
import type { Operation } from '../../src/core/operation.js';
import { PENDING_PRINCIPAL, planRequest } from '../../src/core/planRequest.js';
import { roleAssignmentName } from '../../src/core/roleAssignmentName.js';
import { roleAssignmentPath } from '../../src/core/roleAssignmentPath.js';
import { FakeArm } from '../fakes/fakeArm.js';
import { AA, KV, RG, UA1, UA2, UA3, VM, roleDefinitionId } from '../fakes/ids.js';
import { defaultPolicy, draftOf } from '../fakes/world.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const KVSU = roleDefinitionId('Key Vault Secrets User');
const enable: Operation = { kind: 'enableSystemAssignedIdentity' };
const grant = (principal: string, scope = KV, role = 'Key Vault Secrets User'): Operation => ({
  kind: 'assignRole',
  principal,
  role,
  scope,
});
const removal = (principal: string, scope = KV, role = 'Key Vault Secrets User'): Operation => ({
  kind: 'removeRoleAssignment',
  principal,
  role,
  scope,
});

let arm: FakeArm;
let ua1Principal: string;
beforeEach(() => {
  arm = new FakeArm();
  ua1Principal = arm.addUserAssignedIdentity(UA1);
  arm.addUserAssignedIdentity(UA2);
  arm.addTarget(AA, { userAssigned: [UA1, UA2] });
});

const planOf = async (operations: Operation[], target = AA) => {
  const result = await planRequest(draftOf(operations, target), arm, NOW);
  if (!result.ok) throw new Error(`expected a plan: ${JSON.stringify(result.error)}`);
  return result.value;
};
const refusalOf = async (operations: Operation[], target = AA) => {
  const result = await planRequest(draftOf(operations, target), arm, NOW);
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.error;
};

describe('planRequest: identity', () => {
  it('plans one PATCH that keeps the attached identities, from the live state, and says why', async () => {
    expect(await planOf([enable])).toEqual({
      targetKind: 'automationAccount',
      plan: {
        computedAt: '2026-11-23T09:00:00.000Z',
        targetIdentity: { type: 'UserAssigned', userAssignedIdentities: [UA1, UA2] },
        steps: [
          {
            kind: 'updateIdentity',
            operations: [0],
            change: 'write',
            calls: [
              {
                method: 'PATCH',
                path: AA,
                body: {
                  identity: {
                    type: 'SystemAssigned, UserAssigned',
                    userAssignedIdentities: { [UA1]: {}, [UA2]: {} },
                  },
                },
              },
            ],
          },
        ],
        warnings: [
          "The PATCH lists the 2 user-assigned identities already attached: ARM replaces the identity type, so a PATCH of type 'SystemAssigned' alone would remove them.",
        ],
      },
    });
    expect(arm.writes()).toEqual([]);
  });

  it('plans no write when the identity is already as asked', async () => {
    const { plan } = await planOf([{ kind: 'attachUserAssignedIdentity', identity: UA1 }]);
    expect(plan.steps).toEqual([
      {
        kind: 'updateIdentity',
        operations: [0],
        change: 'none',
        calls: [],
        reason: 'the identity is already as requested',
      },
    ]);
    expect(arm.callsOf('getUserAssignedIdentity')).toEqual([]);
  });

  it('plans a virtual machine as a virtual machine', async () => {
    arm.addTarget(VM, { kind: 'virtualMachine' });
    expect((await planOf([enable], VM)).targetKind).toBe('virtualMachine');
    expect(arm.callsOf('getTargetIdentity')).toEqual([[VM, 'virtualMachine']]);
  });

  it('refuses to attach an identity that does not exist', async () => {
    expect(await refusalOf([{ kind: 'attachUserAssignedIdentity', identity: UA3 }])).toEqual({
      code: 'planRefused',
      errors: [{ path: 'operations[0].identity', message: 'does not exist' }],
    });
  });
});

describe('planRequest: grants', () => {
  it('grants to the system identity this request enables, its name to be derived once it exists', async () => {
    const { plan } = await planOf([grant('systemAssigned'), enable]);
    expect(plan.steps.map((s) => [s.kind, s.operations])).toEqual([
      ['updateIdentity', [1]],
      ['assignRole', [0]],
    ]);
    expect(plan.steps[1]).toEqual({
      kind: 'assignRole',
      operations: [0],
      change: 'write',
      role: { roleDefinitionId: KVSU, roleName: 'Key Vault Secrets User', scope: KV },
      calls: [
        {
          method: 'PUT',
          path: `${KV}/providers/Microsoft.Authorization/roleAssignments/<name derived from scope, principal ID and role>`,
          body: {
            properties: {
              roleDefinitionId: KVSU,
              principalId: PENDING_PRINCIPAL,
              principalType: 'ServicePrincipal',
            },
          },
        },
      ],
    });
    expect(plan.warnings).toContain(
      "'Key Vault Secrets User' is granted to the system-assigned identity this request enables; the assignment's name is derived once its principal ID is known.",
    );
  });

  it('grants to an attached identity under a name derived from scope, principal and role', async () => {
    const { plan } = await planOf([grant(UA1)]);
    const name = roleAssignmentName(KV, ua1Principal, KVSU);
    expect(plan.steps).toEqual([
      {
        kind: 'assignRole',
        operations: [0],
        change: 'write',
        role: {
          roleDefinitionId: KVSU,
          roleName: 'Key Vault Secrets User',
          scope: KV,
          principalId: ua1Principal,
        },
        calls: [
          {
            method: 'PUT',
            path: roleAssignmentPath(KV, name),
            body: {
              properties: {
                roleDefinitionId: KVSU,
                principalId: ua1Principal,
                principalType: 'ServicePrincipal',
              },
            },
          },
        ],
      },
    ]);
  });

  it('plans no write for a grant already in place, ignoring the same role above and other roles here', async () => {
    arm.addRoleAssignment(RG, 'Key Vault Secrets User', ua1Principal);
    arm.addRoleAssignment(KV, 'Reader', ua1Principal);
    const here = arm.addRoleAssignment(KV, 'Key Vault Secrets User', ua1Principal);
    const [step] = (await planOf([grant(UA1)])).plan.steps;
    expect([step?.change, step?.calls, step?.reason, step?.origin]).toEqual([
      'none',
      [],
      `already assigned as ${here.id}, made outside the broker: it stays whatever this request's end`,
      'external',
    ]);
  });

  it.each([
    {
      held: 'the same role at the resource group',
      scope: RG,
      role: 'Key Vault Secrets User' as const,
      above: RG,
    },
    { held: 'another role at the resource group', scope: RG, role: 'Reader' as const, above: undefined },
    {
      held: 'the same role below',
      scope: `${KV}/secrets/one`,
      role: 'Key Vault Secrets User' as const,
      above: undefined,
    },
  ])('notes a grant whose identity holds $held', async ({ scope, role, above }) => {
    arm.addRoleAssignment(scope, role, ua1Principal);
    const { plan } = await planOf([grant(UA1)]);
    expect(plan.steps[0]?.change).toBe('write');
    expect(plan.warnings).toEqual(
      above
        ? [
            `'Key Vault Secrets User' is already held by this identity at ${above}, which includes ${KV}: this grant adds nothing while that assignment stays.`,
          ]
        : [],
    );
  });

  it("notes a grant without an end, with the policy's longest grant for its scope", async () => {
    const policy = defaultPolicy({
      version: 2,
      scopes: [{ scope: '/' }, { scope: RG, maxDuration: 'PT8H' }],
    });
    const result = await planRequest(draftOf([grant(UA1)]), arm, NOW, undefined, policy);
    expect(result.ok && result.value.plan.warnings).toEqual([
      `'Key Vault Secrets User' has no end, and scopes[1] (${RG}) allows grants of at most PT8H here: give it a duration of PT8H or less (policy refuses it without one).`,
    ]);
  });

  it('grants to an identity attached by the same request', async () => {
    arm.addUserAssignedIdentity(UA3);
    const { plan } = await planOf([grant(UA3), { kind: 'attachUserAssignedIdentity', identity: UA3 }]);
    expect(plan.steps.map((s) => [s.kind, s.change])).toEqual([
      ['updateIdentity', 'write'],
      ['assignRole', 'write'],
    ]);
  });

  it('refuses what cannot be granted, naming every field at once', async () => {
    arm.addUserAssignedIdentity(UA3);
    const operations = [
      grant('systemAssigned'),
      grant(UA3),
      grant(UA1, KV, 'Key Vault Wizard'),
      grant(
        '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gone',
      ),
    ];
    expect(await refusalOf(operations)).toEqual({
      code: 'planRefused',
      errors: [
        {
          path: 'operations[0].principal',
          message:
            'names the system-assigned identity, which the target does not have: enable it in this request',
        },
        {
          path: 'operations[1].principal',
          message: 'is not attached to the target: attach it in this request',
        },
        { path: 'operations[2].role', message: `is not a role definition at ${KV}` },
        { path: 'operations[3].principal', message: 'does not exist' },
      ],
    });
  });
});

describe('planRequest: removals', () => {
  it('deletes every assignment of exactly that role at exactly that scope', async () => {
    arm.addRoleAssignment(RG, 'Key Vault Secrets User', ua1Principal);
    const a = arm.addRoleAssignment(KV, 'Key Vault Secrets User', ua1Principal);
    const b = arm.addRoleAssignment(KV, 'Key Vault Secrets User', ua1Principal, 'second-name');
    const [step] = (await planOf([removal(UA1)])).plan.steps;
    expect(step?.calls).toEqual([
      { method: 'DELETE', path: a.id },
      { method: 'DELETE', path: b.id },
    ]);
    expect(step?.change).toBe('write');
  });

  it('plans no write when there is nothing to remove', async () => {
    const [step] = (await planOf([removal(UA1)])).plan.steps;
    expect([step?.change, step?.reason]).toEqual(['none', 'no such role assignment exists']);
  });

  it('plans no write for a principal that is gone, and refuses one the target does not have', async () => {
    const gone = UA1.replace('ua-one', 'deleted');
    expect(await refusalOf([removal(gone)])).toEqual({
      code: 'planRefused',
      errors: [
        {
          path: 'operations[0].principal',
          message: "is not attached to the target: only the target's own identities are changed through it",
        },
      ],
    });
    expect((await planOf([removal('systemAssigned')])).plan.steps[0]?.reason).toBe(
      'the target has no system-assigned identity',
    );
  });
});

describe('planRequest: the target', () => {
  it('refuses a target that does not exist', async () => {
    expect(await refusalOf([enable], VM)).toEqual({
      code: 'planRefused',
      errors: [{ path: 'target', message: 'does not exist' }],
    });
  });

  it('refuses a target of a type it does not manage without asking ARM', async () => {
    expect(await refusalOf([enable], KV)).toEqual({
      code: 'planRefused',
      errors: [{ path: 'target', message: 'is not a supported target' }],
    });
    expect(arm.calls).toEqual([]);
  });

  it('refuses a target the broker may not read', async () => {
    arm.failNext('getTargetIdentity', new ArmError(403, 'AuthorizationFailed', 'no read', 'never'));
    expect(await refusalOf([enable])).toEqual({
      code: 'planRefused',
      errors: [
        {
          path: 'target',
          message: 'cannot be read by the broker (AuthorizationFailed)',
        },
      ],
    });
  });

  it('lets a transient ARM failure through, to be retried by the caller', async () => {
    const throttled = new ArmError(429, 'TooManyRequests', 'slow down', 'transient', 1000);
    arm.failNext('getTargetIdentity', throttled);
    await expect(planRequest(draftOf([enable]), arm, NOW)).rejects.toBe(throttled);
  });
});
