import { describe, expect, it } from 'vitest';
import { executionSteps } from '../../src/core/executionSteps.js';
import type { Operation } from '../../src/core/operation.js';
import { KV, RG, UA1, UA2 } from '../fakes/ids.js';

const grant = (scope: string): Operation => ({
  kind: 'assignRole',
  principal: 'systemAssigned',
  role: 'Reader',
  scope,
});
const removal = (scope: string): Operation => ({
  kind: 'removeRoleAssignment',
  principal: UA1,
  role: 'Reader',
  scope,
});

describe('executionSteps', () => {
  it('runs removals, then one identity step, then grants, whatever the listed order', () => {
    const operations: Operation[] = [
      grant(KV),
      { kind: 'attachUserAssignedIdentity', identity: UA2 },
      removal(KV),
      { kind: 'enableSystemAssignedIdentity' },
      grant(RG),
      removal(RG),
      { kind: 'detachUserAssignedIdentity', identity: UA1 },
    ];
    expect(executionSteps(operations)).toEqual([
      { kind: 'removeRoleAssignment', operations: [2] },
      { kind: 'removeRoleAssignment', operations: [5] },
      { kind: 'updateIdentity', operations: [1, 3, 6] },
      { kind: 'assignRole', operations: [0] },
      { kind: 'assignRole', operations: [4] },
    ]);
  });

  it('has no identity step when no operation touches the identity', () => {
    expect(executionSteps([grant(KV), removal(KV)])).toEqual([
      { kind: 'removeRoleAssignment', operations: [1] },
      { kind: 'assignRole', operations: [0] },
    ]);
  });

  it('gathers identity operations into a single step', () => {
    expect(
      executionSteps([
        { kind: 'disableSystemAssignedIdentity' },
        { kind: 'attachUserAssignedIdentity', identity: UA1 },
      ]),
    ).toEqual([{ kind: 'updateIdentity', operations: [0, 1] }]);
  });
});
