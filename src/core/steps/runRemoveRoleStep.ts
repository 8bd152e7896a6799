import type { RemoveRoleAssignmentOperation } from '../operation.js';
import { matchingAssignments } from '../planRequest.js';
import { resourceIdKey } from '../resourceId.js';
import type { StepOutcome } from '../stepOutcome.js';
import { resolvePrincipalId } from './resolvePrincipalId.js';
import type { StepContext } from './stepContext.js';

/** Deletes the principal's assignments of that role at that scope; what is already gone is success. */
export async function runRemoveRoleStep(context: StepContext): Promise<StepOutcome> {
  const { request, step, arm } = context;
  const index = step.operations[0] as number;
  const op = request.operations[index] as RemoveRoleAssignmentOperation;
  const role = step.role;
  if (!role) throw new Error(`step ${context.stepIndex} has no resolved role`);
  // An identity deleted since planning leaves its assignments behind: the plan's principal ID still finds them.
  const principalId = (await resolvePrincipalId(request, op, arm)) ?? role.principalId;
  const planned = step.calls.map((c) => c.path);
  const found = principalId
    ? matchingAssignments(
        await arm.listRoleAssignments(op.scope, principalId),
        op.scope,
        role.roleDefinitionId,
      )
    : [];
  for (const assignment of found) await arm.deleteRoleAssignment(assignment.id);
  const removed = [
    ...new Map([...planned, ...found.map((a) => a.id)].map((id) => [resourceIdKey(id), id])).values(),
  ];
  return {
    kind: 'done',
    results: new Map([
      [
        index,
        {
          status: step.change === 'write' ? 'succeeded' : 'noChange',
          roleDefinitionId: role.roleDefinitionId,
          ...(principalId ? { principalId } : {}),
          removedRoleAssignmentIds: removed,
        },
      ],
    ]),
  };
}
