import { ArmError } from '../armError.js';
import { parseDurationMs } from '../duration.js';
import type { AssignRoleOperation } from '../operation.js';
import { matchingAssignments } from '../planRequest.js';
import { roleAssignmentName } from '../roleAssignmentName.js';
import type { StepOutcome } from '../stepOutcome.js';
import { resolvePrincipalId } from './resolvePrincipalId.js';
import type { StepContext } from './stepContext.js';

/** When a time-bound grant ends: its `expiresAt`, or its `duration` counted from the moment it is made. */
function grantEnd(op: AssignRoleOperation, now: Date): { expiresAt?: string } {
  if (op.expiresAt) return { expiresAt: new Date(op.expiresAt).toISOString() };
  const duration = op.duration === undefined ? undefined : parseDurationMs(op.duration);
  return duration === undefined ? {} : { expiresAt: new Date(now.getTime() + duration).toISOString() };
}

const NOT_OURS_NOTE =
  'The assignment existed before this request, so it is not time-bound: the broker will not remove it.';

export const ROLE_PROPAGATION_NOTE = 'New role assignments can take up to 10 minutes to take effect.';

/**
 * Grants exactly the role definition the approver saw, at exactly the approved scope, to the
 * principal as it is now. The assignment's name is derived from all three, so a rerun is the same PUT.
 */
export async function runAssignRoleStep(context: StepContext): Promise<StepOutcome> {
  const { request, step, arm } = context;
  const index = step.operations[0] as number;
  const op = request.operations[index] as AssignRoleOperation;
  const role = step.role;
  if (!role) throw new Error(`step ${context.stepIndex} has no resolved role`);
  const principalId = await resolvePrincipalId(request, op, arm);
  if (!principalId)
    return {
      kind: 'failed',
      error: {
        code: 'principalNotFound',
        message: `the identity ${op.principal} does not exist any more`,
        operation: index,
      },
    };

  const findExisting = async () =>
    matchingAssignments(
      await arm.listRoleAssignments(op.scope, principalId),
      op.scope,
      role.roleDefinitionId,
    )[0];
  // A grant the plan found in place is checked with a read, so no write is sent for it.
  let assignmentId = step.change === 'none' ? (await findExisting())?.id : undefined;
  // Only an assignment this request created is its to remove when a time-bound grant ends.
  let createdHere = false;
  if (!assignmentId) {
    const name = roleAssignmentName(op.scope, principalId, role.roleDefinitionId);
    try {
      assignmentId = (
        await arm.createRoleAssignment({
          scope: op.scope,
          name,
          roleDefinitionId: role.roleDefinitionId,
          principalId,
        })
      ).id;
      createdHere = step.change === 'write';
    } catch (e) {
      if (!(e instanceof ArmError) || e.code !== 'RoleAssignmentExists') throw e;
      assignmentId = (await findExisting())?.id;
      if (!assignmentId) throw e;
    }
  }
  const timeBound = op.duration !== undefined || op.expiresAt !== undefined;
  return {
    kind: 'done',
    results: new Map([
      [
        index,
        {
          status: step.change === 'none' ? 'noChange' : 'succeeded',
          roleAssignmentId: assignmentId,
          roleDefinitionId: role.roleDefinitionId,
          principalId,
          note:
            timeBound && !createdHere ? `${ROLE_PROPAGATION_NOTE} ${NOT_OURS_NOTE}` : ROLE_PROPAGATION_NOTE,
          ...(createdHere ? grantEnd(op, context.now) : {}),
        },
      ],
    ]),
  };
}
