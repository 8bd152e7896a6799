import { describe, expect, it } from 'vitest';
import { createDocumentPolicy } from '../../../src/core/policy/documentPolicy.js';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';
import type { Plan, PlannedStep } from '../../../src/core/plan.js';
import type { PolicyInput } from '../../../src/core/ports.js';
import type { Operation } from '../../../src/core/operation.js';
import { AA, KV, ROLE_GUIDS, SUB, UA1 } from '../../fakes/ids.js';

const APPROVER_ID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';
const GROUP = '5c4b3a29-1807-4f6e-9d5c-4b3a29180716';

const policyOf = (document: Record<string, unknown> = {}) =>
  createDocumentPolicy(
    policyDocumentSchema.parse({ approvers: [APPROVER_ID, 'role:Approvers'], ...document }),
  );

const grantStep = (index: number, roleName: string, roleDefinitionId: string): PlannedStep => ({
  kind: 'assignRole',
  operations: [index],
  change: 'write',
  calls: [],
  role: { roleDefinitionId, roleName, scope: KV, principalId: 'p1' },
});
const inputWith = (...steps: PlannedStep[]): PolicyInput => {
  const plan: Plan = {
    computedAt: '2026-11-23T09:00:00.000Z',
    targetIdentity: { type: 'None', userAssignedIdentities: [] },
    steps,
    warnings: [],
  };
  // Operations at the indexes the steps name, as planRequest numbers them; gaps are identity operations.
  const operations: Operation[] = Array.from(
    { length: Math.max(...steps.map((s) => s.operations[0] ?? 0)) + 1 },
    () => ({
      kind: 'enableSystemAssignedIdentity' as const,
    }),
  );
  for (const step of steps)
    if (step.kind !== 'updateIdentity')
      operations[step.operations[0] ?? 0] = { kind: step.kind, principal: UA1, role: 'x', scope: KV };
  return { target: AA, operations, requestedBy: { id: 'requester' }, plan };
};
const defId = (guid: string) =>
  `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe('document policy', () => {
  it('asks the named approvers for anything it does not forbid', () => {
    expect(
      policyOf().evaluate(
        inputWith(grantStep(0, 'Key Vault Secrets User', defId(ROLE_GUIDS['Key Vault Secrets User']))),
      ),
    ).toEqual({
      decision: 'approvalRequired',
      reasons: [`approvers: 'Key Vault Secrets User' needs 1 approval from ${APPROVER_ID}, role:Approvers`],
      approvers: [APPROVER_ID, 'role:Approvers'],
      quorum: 1,
      approverSets: [[APPROVER_ID, 'role:Approvers']],
      approvalTimeout: 'PT24H',
    });
  });

  it('never grants Owner, named in any casing, and still names the approvers who may look at it', () => {
    expect(
      policyOf().evaluate(inputWith(grantStep(2, 'owner', defId('00000000-0000-0000-0000-00000000000a')))),
    ).toEqual({
      decision: 'denied',
      reasons: ["operations[2]: 'owner' is never granted by the broker (forbiddenRoles)"],
      approvers: [APPROVER_ID, 'role:Approvers'],
    });
  });

  it('never grants Owner asked for by its built-in GUID, whatever the definition is called', () => {
    const decision = policyOf().evaluate(
      inputWith(
        grantStep(
          0,
          'Renamed',
          `/providers/Microsoft.Authorization/roleDefinitions/${ROLE_GUIDS.Owner.toUpperCase()}`,
        ),
      ),
    );
    expect(decision.decision).toBe('denied');
    expect(decision.reasons).toEqual([
      "operations[0]: 'Renamed' is never granted by the broker (forbiddenRoles)",
    ]);
  });

  it('forbids the other default roles by name and by GUID', () => {
    const policy = policyOf();
    expect(
      policy.evaluate(
        inputWith(grantStep(0, 'User Access Administrator', defId('ffffffff-0000-0000-0000-000000000000'))),
      ).decision,
    ).toBe('denied');
    expect(
      policy.evaluate(inputWith(grantStep(0, 'x', defId('f58310d9-a9f6-439a-9e8d-f62e7b41a168')))).decision,
    ).toBe('denied');
  });

  it('lists every forbidden grant in a request', () => {
    const decision = policyOf().evaluate(
      inputWith(
        grantStep(0, 'Reader', defId(ROLE_GUIDS.Reader)),
        grantStep(1, 'Owner', defId(ROLE_GUIDS.Owner)),
        grantStep(3, 'User Access Administrator', defId(ROLE_GUIDS['User Access Administrator'])),
      ),
    );
    expect(decision.reasons).toEqual([
      "operations[1]: 'Owner' is never granted by the broker (forbiddenRoles)",
      "operations[3]: 'User Access Administrator' is never granted by the broker (forbiddenRoles)",
    ]);
  });

  it('forbids custom roles, by name or by role definition GUID', () => {
    const policy = policyOf({
      forbiddenRoles: ['Contributor', ROLE_GUIDS['Key Vault Secrets User'].toUpperCase()],
    });
    expect(
      policy.evaluate(inputWith(grantStep(0, 'CONTRIBUTOR', defId(ROLE_GUIDS.Contributor)))).decision,
    ).toBe('denied');
    expect(
      policy.evaluate(inputWith(grantStep(0, 'Secrets', defId(ROLE_GUIDS['Key Vault Secrets User']))))
        .decision,
    ).toBe('denied');
    expect(policy.evaluate(inputWith(grantStep(0, 'Owner', defId(ROLE_GUIDS.Owner)))).decision).toBe(
      'approvalRequired',
    );
  });

  it('forbids a built-in GUID when a custom list names its role', () => {
    const policy = policyOf({ forbiddenRoles: ['OWNER'] });
    expect(policy.evaluate(inputWith(grantStep(0, 'Whatever', defId(ROLE_GUIDS.Owner)))).decision).toBe(
      'denied',
    );
  });

  it('does not judge removals or identity changes, only grants', () => {
    const removal: PlannedStep = {
      ...grantStep(0, 'Owner', defId(ROLE_GUIDS.Owner)),
      kind: 'removeRoleAssignment',
    };
    const identity: PlannedStep = { kind: 'updateIdentity', operations: [1], change: 'write', calls: [] };
    expect(policyOf().evaluate(inputWith(removal, identity)).decision).toBe('approvalRequired');
  });

  it('turns the approval timeout into milliseconds, 24 hours by default', () => {
    expect(policyOf().approvalTimeoutMs).toBe(24 * 3_600_000);
    expect(policyOf({ approvalTimeout: 'PT30M' }).approvalTimeoutMs).toBe(30 * 60_000);
  });

  it('knows who approves anything: by object ID, app role or group, never by name', () => {
    const policy = policyOf({ approvers: [APPROVER_ID, 'role:Approvers', `group:${GROUP}`] });
    expect(policy.approvesAnything({ id: APPROVER_ID.toUpperCase(), roles: [], groups: [] })).toBe(true);
    expect(policy.approvesAnything({ id: 'y', roles: ['Approvers'], groups: [] })).toBe(true);
    expect(policy.approvesAnything({ id: 'g', roles: [], groups: [GROUP] })).toBe(true);
    expect(
      policy.approvesAnything({ id: 'z', name: APPROVER_ID, roles: ['Reader'], groups: ['Approvers'] }),
    ).toBe(false);
  });
});
