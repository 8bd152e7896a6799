import type { GrantLimit } from './grantLimit.js';
import { heldAboveHint, openEndedHint, scopeAndRoleHint } from './grantHints.js';
import type { TargetIdentity } from './identity.js';
import type { Plan, ResolvedRole } from './plan.js';
import type { RequestDraft } from './requestSchema.js';

/** What the plan learnt beyond the calls, for the hints: both absent when unknown. */
export interface PlanHints {
  /** Scopes above a grant's where its principal already holds the same role, by operation index. */
  heldAbove?: ReadonlyMap<number, readonly string[]>;
  longestGrant?: (role: ResolvedRole) => GrantLimit | undefined;
}

/** What the approver should know beyond the calls themselves. */
export function planWarnings(
  draft: RequestDraft,
  plan: Plan,
  current: TargetIdentity,
  hints: PlanHints = {},
): string[] {
  const warnings: string[] = [];
  const identityStep = plan.steps.find((s) => s.kind === 'updateIdentity' && s.change === 'write');
  const ops = draft.operations;
  const kept = current.userAssigned.length;
  if (identityStep && kept > 0 && ops.some((o) => o.kind === 'enableSystemAssignedIdentity'))
    warnings.push(
      `The PATCH lists the ${kept} user-assigned identit${kept === 1 ? 'y' : 'ies'} already attached: ARM replaces ` +
        `the identity type, so a PATCH of type 'SystemAssigned' alone would remove ${kept === 1 ? 'it' : 'them'}.`,
    );
  if (identityStep && current.principalId && ops.some((o) => o.kind === 'disableSystemAssignedIdentity'))
    warnings.push(
      `Disabling the system-assigned identity deletes its service principal (${current.principalId}); its role ` +
        'assignments stop working and remain as "Identity not found" until removed.',
    );
  for (const step of plan.steps) {
    if (step.kind !== 'assignRole' || !step.role) continue;
    const op = draft.operations[step.operations[0] as number];
    const timeBound = op?.kind === 'assignRole' && (op.duration || op.expiresAt) ? op : undefined;
    if (step.change === 'none') {
      if (timeBound)
        warnings.push(
          step.origin === 'external'
            ? `'${step.role.roleName}' is already assigned outside the broker: the assignment stays when this grant ends.`
            : `'${step.role.roleName}' is already granted through the broker: this request holds it until its grant ends, and the assignment is removed only when its last holder ends.`,
        );
      continue;
    }
    const index = step.operations[0] as number;
    const hintsHere = [
      scopeAndRoleHint(draft, index, step.role),
      heldAboveHint(step.role, hints.heldAbove?.get(index)),
      timeBound ? undefined : openEndedHint(step.role, hints.longestGrant?.(step.role)),
    ];
    warnings.push(...hintsHere.filter((h): h is string => h !== undefined));
    if (timeBound)
      warnings.push(
        `'${step.role.roleName}' is time-bound: the broker removes the assignment ${timeBound.expiresAt ? `at ${timeBound.expiresAt}` : `${timeBound.duration} after granting it`}.`,
      );
    if (!step.role.principalId)
      warnings.push(
        `'${step.role.roleName}' is granted to the system-assigned identity this request enables; the assignment's ` +
          'name is derived once its principal ID is known.',
      );
  }
  return warnings;
}
