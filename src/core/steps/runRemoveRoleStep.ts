import { describeHolder } from '../grantLedger.js';
import { beginRemoval, finishRemoval, grantSubject } from '../grantHolds.js';
import type { RemoveRoleAssignmentOperation } from '../operation.js';
import { matchingAssignments } from '../planRequest.js';
import { resourceIdKey } from '../resourceId.js';
import type { StepOutcome } from '../stepOutcome.js';
import { recordGrantEnded } from '../useCases/recordGrantEnded.js';
import { pinnedPrincipal } from './pinnedPrincipal.js';
import type { StepContext } from './stepContext.js';

/**
 * Deletes the principal's assignments of that role at that scope; what is already gone is success. The
 * ledger entry is marked `removing` first, so no other request grants it again in between unseen, and
 * every request that held it is told its grant ended here.
 */
export async function runRemoveRoleStep(context: StepContext): Promise<StepOutcome> {
  const { request, step, arm, ledger, now } = context;
  const index = step.operations[0] as number;
  const op = request.operations[index] as RemoveRoleAssignmentOperation;
  const role = step.role;
  if (!role) throw new Error(`step ${context.stepIndex} has no resolved role`);
  // An identity deleted since planning leaves its assignments behind: the plan's principal ID still finds them.
  const principal = await pinnedPrincipal(context, index, op, role);
  if (!principal.ok) return principal.outcome;
  const principalId = principal.live ?? principal.pinned;
  const subject = principalId ? grantSubject(op.scope, principalId, role.roleDefinitionId) : undefined;
  const started = subject ? await beginRemoval(ledger, subject, request.id, context.parties, now) : undefined;
  if (started && !started.ready)
    return {
      kind: 'retry',
      transient: true,
      code: started.reason === 'removing' ? 'grantBeingRemoved' : 'grantBeingMade',
      message:
        started.reason === 'removing'
          ? `request ${started.waitingFor} is removing this role assignment too; looking again once it is done`
          : `request ${started.waitingFor}, which holds this role assignment, is still being carried out; removing it once that is done`,
      delayMs: 5_000,
    };
  const found = principalId
    ? matchingAssignments(
        await arm.listRoleAssignments(op.scope, principalId),
        op.scope,
        role.roleDefinitionId,
      )
    : [];
  for (const assignment of found) await arm.deleteRoleAssignment(assignment.id);
  const ending = started?.ready ? started.ending : [];
  for (const holder of ending) await recordGrantEnded({ store: context.store, now }, holder, request.id);
  if (subject) await finishRemoval(ledger, subject.key, request.id, now);
  const planned = step.calls.map((c) => c.path);
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
          ...(ending.length > 0
            ? { note: `This also ended the grant held by ${ending.map(describeHolder).join(', ')}.` }
            : {}),
        },
      ],
    ]),
  };
}
