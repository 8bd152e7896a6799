import { describe, expect, it } from 'vitest';
import { grantKeysOf } from '../../src/core/grantKeys.js';
import { grantSubject } from '../../src/core/grantHolds.js';
import type { IdentityRequest } from '../../src/core/identityRequest.js';
import { requestFixture } from '../support/requestFixture.js';

const SCOPE = '/subscriptions/s/resourceGroups/rg';
const ROLE = '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/r';
const UAI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u';

/** Enables the system identity, then grants it a role at SCOPE: the role step pinned no principal (none yet). */
function enableThenGrant(results: IdentityRequest['results']): IdentityRequest {
  const base = requestFixture();
  return {
    ...base,
    operations: [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: SCOPE },
    ],
    plan: {
      ...base.plan,
      steps: [
        ...base.plan.steps,
        {
          kind: 'assignRole',
          operations: [1],
          change: 'write',
          calls: [],
          role: { roleDefinitionId: ROLE, roleName: 'Reader', scope: SCOPE },
        },
      ],
    },
    results,
  };
}

describe('the ledger keys a request may have written', () => {
  it('names a grant by its result, or, with no result, by the principal the request enabled', () => {
    const key = grantSubject(SCOPE, 'p-1', ROLE).key;
    const recorded = { status: 'succeeded' as const, principalId: 'p-1', roleDefinitionId: ROLE };
    expect(grantKeysOf(enableThenGrant([{ status: 'succeeded', principalId: 'p-1' }, recorded]))).toEqual([
      key,
    ]);
    // The grant step failed before recording: its hold was taken for the principal enabled here.
    expect(grantKeysOf(enableThenGrant([{ status: 'succeeded', principalId: 'p-1' }, null]))).toEqual([key]);
    // The identity was never enabled: no principal, so no entry of this request's.
    expect(grantKeysOf(enableThenGrant([null, null]))).toEqual([]);
  });

  it("names a removal's grant by the principal its plan pinned, and nothing for operations that are no grants", () => {
    const base = requestFixture();
    const request: IdentityRequest = {
      ...base,
      operations: [
        { kind: 'attachUserAssignedIdentity', identity: UAI },
        { kind: 'removeRoleAssignment', principal: UAI, role: 'Reader', scope: SCOPE },
      ],
      plan: {
        ...base.plan,
        steps: [
          { kind: 'updateIdentity', operations: [0], change: 'write', calls: [] },
          {
            kind: 'removeRoleAssignment',
            operations: [1],
            change: 'write',
            calls: [],
            role: { roleDefinitionId: ROLE, roleName: 'Reader', scope: SCOPE, principalId: 'p-uai' },
          },
        ],
      },
      results: [null, null],
    };
    expect(grantKeysOf(request)).toEqual([grantSubject(SCOPE, 'p-uai', ROLE).key]);
  });
});
