import type { GrantHolder, GrantLedger } from '../grantLedger.js';
import { finishRemoval, releaseGrant } from '../grantHolds.js';
import type { GrantParties } from '../grantParties.js';
import type { ArmGateway } from '../ports.js';

export type GrantEnd =
  | { outcome: 'removed'; assignmentId: string }
  | { outcome: 'kept'; keptBy: GrantHolder[] }
  /** Made outside the broker: never the broker's to remove. */
  | { outcome: 'left'; assignmentId: string }
  | { outcome: 'gone' };

/**
 * Ends one holder's grant: the assignment is deleted only when the ledger says no live holder is left and
 * the broker made it. A failed DELETE leaves the entry `removing` by this request, so a retry finishes it.
 */
export async function endGrant(
  deps: { ledger: GrantLedger; arm: ArmGateway; parties: GrantParties; now: Date },
  key: string,
  holder: Pick<GrantHolder, 'requestId' | 'operation'>,
): Promise<GrantEnd> {
  const release = await releaseGrant(deps.ledger, key, holder, deps.parties, deps.now);
  switch (release.decision) {
    case 'remove':
      await deps.arm.deleteRoleAssignment(release.assignmentId); // already gone is success
      await finishRemoval(deps.ledger, key, holder.requestId, deps.now);
      return { outcome: 'removed', assignmentId: release.assignmentId };
    case 'removed':
      return { outcome: 'removed', assignmentId: release.assignmentId };
    case 'keep':
      return { outcome: 'kept', keptBy: release.keptBy };
    case 'leave':
      return { outcome: 'left', assignmentId: release.assignmentId };
    case 'gone':
      return { outcome: 'gone' };
  }
}
