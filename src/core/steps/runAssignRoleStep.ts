import { ArmError } from '../armError.js';
import { parseDurationMs } from '../duration.js';
import { describeHolder, type GrantHolder, type GrantSubject } from '../grantLedger.js';
import { grantSubject, holdGrant, settleGrant } from '../grantHolds.js';
import type { OperationResult } from '../identityRequest.js';
import type { AssignRoleOperation } from '../operation.js';
import type { ResolvedRole } from '../plan.js';
import { matchingAssignments } from '../planRequest.js';
import { sameResourceId } from '../resourceId.js';
import type { StepOutcome } from '../stepOutcome.js';
import { pinnedPrincipal } from './pinnedPrincipal.js';
import type { StepContext } from './stepContext.js';

/** When a time-bound grant ends: its `expiresAt`, or its `duration` counted from the first attempt to make it. */
function grantEnd(op: AssignRoleOperation, now: Date): string | undefined {
  if (op.expiresAt) return new Date(op.expiresAt).toISOString();
  const duration = op.duration === undefined ? undefined : parseDurationMs(op.duration);
  return duration === undefined ? undefined : new Date(now.getTime() + duration).toISOString();
}

export const ROLE_PROPAGATION_NOTE = 'New role assignments can take up to 10 minutes to take effect.';
const REMOVING_RETRY_MS = 5_000;

/**
 * Grants exactly the role definition the approver saw, at exactly the approved scope, to the principal
 * the approver saw. The grant is held in the ledger before the PUT, so no other request's removal can
 * delete it unseen; the assignment's name is derived from the triple, so a rerun is the same PUT.
 */
export async function runAssignRoleStep(context: StepContext): Promise<StepOutcome> {
  const { request, step, ledger, now } = context;
  const index = step.operations[0] as number;
  const op = request.operations[index] as AssignRoleOperation;
  const role = step.role;
  if (!role) throw new Error(`step ${context.stepIndex} has no resolved role`);
  const principal = await pinnedPrincipal(context, index, op, role);
  if (!principal.ok) return principal.outcome;
  if (!principal.live)
    return {
      kind: 'failed',
      error: {
        code: 'principalNotFound',
        message: `the identity ${op.principal} does not exist any more`,
        operation: index,
      },
    };

  const principalId = principal.live;
  const subject = grantSubject(op.scope, principalId, role.roleDefinitionId);
  const end = grantEnd(op, now);
  const holder: GrantHolder = {
    requestId: request.id,
    operation: index,
    since: now.toISOString(),
    ...(end ? { until: end } : {}),
  };
  const hold = await holdGrant(ledger, subject, holder, context.parties, now);
  if (!hold.held)
    return {
      kind: 'retry',
      transient: true,
      code: 'grantBeingRemoved',
      message: `request ${hold.removingBy} is removing this role assignment; granting it again once that is done`,
      delayMs: REMOVING_RETRY_MS,
    };

  const until = hold.holder.until;
  const made = await ensureAssignment(context, op, role, subject, principalId);
  const origin = sameResourceId(made.assignmentId, subject.ownAssignmentId) ? 'broker' : 'external';
  if (hold.entry.origin !== origin || !sameResourceId(hold.entry.assignmentId, made.assignmentId))
    await settleGrant(ledger, subject.key, { origin, assignmentId: made.assignmentId }, now);

  const result: OperationResult = {
    status: made.created ? 'succeeded' : 'noChange',
    roleAssignmentId: made.assignmentId,
    roleDefinitionId: role.roleDefinitionId,
    principalId,
    origin,
    note: [ROLE_PROPAGATION_NOTE, ...ownershipNote(origin, hold.others, until)].join(' '),
    ...(until ? { expiresAt: until } : {}),
  };
  return { kind: 'done', results: new Map([[index, result]]) };
}

/** Finds the assignment the plan saw in place, else PUTs the broker-named one; "already there" is success. */
async function ensureAssignment(
  context: StepContext,
  op: AssignRoleOperation,
  role: ResolvedRole,
  subject: GrantSubject,
  principalId: string,
): Promise<{ assignmentId: string; created: boolean }> {
  const { arm, step } = context;
  const findExisting = async () =>
    matchingAssignments(
      await arm.listRoleAssignments(op.scope, principalId),
      op.scope,
      role.roleDefinitionId,
    )[0];
  // A grant the plan found in place is checked with a read, so no write is sent for it.
  const seen = step.change === 'none' ? await findExisting() : undefined;
  if (seen) return { assignmentId: seen.id, created: false };
  try {
    const put = await arm.createRoleAssignment({
      scope: op.scope,
      name: subject.key,
      roleDefinitionId: role.roleDefinitionId,
      principalId,
    });
    return { assignmentId: put.id, created: put.created };
  } catch (e) {
    if (!(e instanceof ArmError) || e.code !== 'RoleAssignmentExists') throw e;
    const found = await findExisting();
    if (!found) throw e;
    return { assignmentId: found.id, created: false };
  }
}

/** What the result says about who else holds the assignment and whether the broker will remove it. */
function ownershipNote(origin: 'broker' | 'external', others: GrantHolder[], until?: string): string[] {
  if (origin === 'external')
    return ['The assignment was made outside the broker, so it stays whenever this grant ends.'];
  if (others.length === 0) return until ? [`The broker removes it at ${until}.`] : [];
  return [
    `Also held by ${others.map(describeHolder).join(', ')}; this request ${until ? `holds it until ${until}` : 'keeps it permanently'}. ` +
      'The broker removes it only when the last holder ends.',
  ];
}
