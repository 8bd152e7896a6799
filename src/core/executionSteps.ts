import type { Operation } from './operation.js';
import type { StepKind } from './plan.js';

export interface StepOutline {
  kind: StepKind;
  operations: number[];
}

/**
 * The order operations run in, whatever order they were listed: removals first (they need principals
 * an identity change may delete), then one identity PATCH for all identity operations (one
 * read-modify-write of the target), then grants (they may need the principal the PATCH creates).
 */
export function executionSteps(operations: readonly Operation[]): StepOutline[] {
  const indexesOf = (kind: (op: Operation) => boolean) =>
    operations.flatMap((op, index) => (kind(op) ? [index] : []));
  const removals = indexesOf((op) => op.kind === 'removeRoleAssignment');
  const identity = indexesOf((op) => op.kind !== 'assignRole' && op.kind !== 'removeRoleAssignment');
  const grants = indexesOf((op) => op.kind === 'assignRole');
  return [
    ...removals.map((i) => ({ kind: 'removeRoleAssignment' as const, operations: [i] })),
    ...(identity.length > 0 ? [{ kind: 'updateIdentity' as const, operations: identity }] : []),
    ...grants.map((i) => ({ kind: 'assignRole' as const, operations: [i] })),
  ];
}
