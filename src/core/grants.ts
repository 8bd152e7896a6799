import type { OperationResult } from './identityRequest.js';

/** Time-bound grants still in force: their index and when each ends. */
export const pendingGrants = (
  results: ReadonlyArray<OperationResult | null>,
): Array<{ index: number; expiresAt: string }> =>
  results.flatMap((r, index) =>
    r?.expiresAt && !r.revokedAt && r.roleAssignmentId ? [{ index, expiresAt: r.expiresAt }] : [],
  );

/** When the next time-bound grant ends, if any is still in force. */
export function nextGrantEnd(results: ReadonlyArray<OperationResult | null>): string | undefined {
  return pendingGrants(results)
    .map((g) => g.expiresAt)
    .sort()[0];
}
