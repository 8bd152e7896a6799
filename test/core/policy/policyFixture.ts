import type { Operation } from '../../../src/core/operation.js';
import type { Plan, PlannedStep } from '../../../src/core/plan.js';
import type { PolicyInput } from '../../../src/core/ports.js';
import { AA, SUB } from '../../fakes/ids.js';

export const APPROVER_ID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';
export const SECURITY_GROUP = '5c4b3a29-1807-4f6e-9d5c-4b3a29180716';
export const CUSTOM_ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/0ab1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d`;
export const defId = (guid: string) =>
  `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

/** An operation as the engine sees it; a grant carries the role the plan resolved. */
export type Op = Operation & {
  resolved?: { roleName: string; roleDefinitionId: string };
  unchanged?: boolean;
};

/** A policy input whose plan has one step per operation, as planRequest builds it. */
export function inputOf(operations: Op[], target = AA): PolicyInput {
  const steps: PlannedStep[] = operations.map((op, i) => ({
    kind: op.kind === 'assignRole' || op.kind === 'removeRoleAssignment' ? op.kind : 'updateIdentity',
    operations: [i],
    change: op.unchanged ? 'none' : 'write',
    calls: [],
    ...(op.resolved && 'scope' in op ? { role: { ...op.resolved, scope: op.scope, principalId: 'p1' } } : {}),
  }));
  const plan: Plan = {
    computedAt: '2026-11-23T09:00:00.000Z',
    targetIdentity: { type: 'None', userAssignedIdentities: [] },
    steps,
    warnings: [],
  };
  const clean = operations.map(({ resolved: _r, unchanged: _u, ...op }) => op as Operation);
  return { target, operations: clean, requestedBy: { id: 'requester' }, plan };
}

/** A grant of `roleName` (resolved to `roleDefinitionId`) to the target's system identity. */
export const grant = (
  roleName: string,
  roleDefinitionId: string,
  scope: string,
  extra: {
    duration?: string;
    expiresAt?: string;
    principal?: string;
    role?: string;
    unchanged?: boolean;
  } = {},
): Op => {
  const { role, principal, unchanged, ...bound } = extra;
  return {
    kind: 'assignRole',
    principal: principal ?? 'systemAssigned',
    role: role ?? roleName,
    scope,
    ...bound,
    resolved: { roleName, roleDefinitionId },
    ...(unchanged ? { unchanged } : {}),
  };
};
