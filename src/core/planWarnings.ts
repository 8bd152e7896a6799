import type { TargetIdentity } from './identity.js';
import type { Plan } from './plan.js';
import type { RequestDraft } from './requestSchema.js';
import { parseResourceId } from './resourceId.js';

/** What the approver should know beyond the calls themselves. */
export function planWarnings(draft: RequestDraft, plan: Plan, current: TargetIdentity): string[] {
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
    const scope = parseResourceId(step.role.scope);
    if (scope.ok && (scope.value.kind === 'subscription' || scope.value.kind === 'managementGroup'))
      warnings.push(
        `'${step.role.roleName}' at ${scope.value.kind} scope: consider a narrower scope (a resource group or resource).`,
      );
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
