import type { RoleOperation } from '../operation.js';
import type { ResolvedRole } from '../plan.js';
import type { StepOutcome } from '../stepOutcome.js';
import { resolvePrincipalId } from './resolvePrincipalId.js';
import type { StepContext } from './stepContext.js';

/**
 * The principal a role step acts on: the one the approver saw where the plan knew it. A principal that
 * changed since (an identity deleted and created again) fails the step rather than act on someone else.
 */
export async function pinnedPrincipal(
  context: StepContext,
  index: number,
  op: RoleOperation,
  role: ResolvedRole,
): Promise<
  { ok: true; live: string | undefined; pinned: string | undefined } | { ok: false; outcome: StepOutcome }
> {
  const live = await resolvePrincipalId(context.request, op, context.arm);
  const pinned = role.principalId;
  if (!pinned || !live || pinned.toLowerCase() === live.toLowerCase()) return { ok: true, live, pinned };
  const subject =
    op.principal === 'systemAssigned'
      ? "the target's system-assigned identity"
      : `the identity ${op.principal}`;
  return {
    ok: false,
    outcome: {
      kind: 'failed',
      error: {
        code: 'principalChanged',
        message:
          `${subject} now has principal ID ${live}, not ${pinned} as the approver saw: it was deleted and ` +
          'created again since the plan was made. Nothing was changed; submit the request again.',
        operation: index,
      },
    },
  };
}
