import { hasSystemAssigned, type TargetIdentity } from '../identity.js';
import type { OperationResult } from '../identityRequest.js';
import { computeIdentityChange } from '../identityPatch.js';
import type { IdentityOperation } from '../operation.js';
import { sameResourceId } from '../resourceId.js';
import type { StepOutcome } from '../stepOutcome.js';
import type { StepContext } from './stepContext.js';

/**
 * Reads the target's identity again and sends the one PATCH that gets it to what the operations ask.
 * A rerun after a crash finds the change made and sends nothing.
 */
export async function runIdentityStep(context: StepContext, pollIntervalMs: number): Promise<StepOutcome> {
  const { request, arm } = context;
  const ops = context.step.operations.map((i) => [i, request.operations[i] as IdentityOperation] as const);
  let update;
  if (context.resumeToken) {
    update = await arm.resumeIdentityUpdate(request.target, request.targetKind, context.resumeToken);
  } else {
    const current = await arm.getTargetIdentity(request.target, request.targetKind);
    if (!current)
      return {
        kind: 'failed',
        error: { code: 'targetNotFound', message: `${request.target} no longer exists` },
      };
    // A PATCH computed from the identity an update is still changing could undo that update (type replaces),
    // and one this step sent before a crash would be sent twice: look again once the resource is settled.
    if (current.updating)
      return {
        kind: 'retry',
        transient: true,
        code: 'AnotherOperationInProgress',
        message: `${request.target} is still being updated; its identity is read again once that is done`,
        delayMs: pollIntervalMs,
      };
    const change = computeIdentityChange(
      current,
      ops.map(([, op]) => op),
    );
    if (change.change === 'none') return { kind: 'done', results: identityResults(context, ops, current) };
    update = await arm.beginIdentityUpdate(request.target, request.targetKind, change.body);
  }
  if (update.status === 'inProgress')
    return {
      kind: 'inProgress',
      resumeToken: update.resumeToken,
      delayMs: update.retryAfterMs ?? pollIntervalMs,
    };
  return { kind: 'done', results: identityResults(context, ops, update.identity) };
}

/**
 * Results come from the identity as it now is, and whether an operation changed anything is judged
 * against the plan's snapshot, so a rerun reports exactly what a clean run would.
 */
function identityResults(
  context: StepContext,
  ops: ReadonlyArray<readonly [number, IdentityOperation]>,
  identity: TargetIdentity,
): Map<number, OperationResult> {
  const before = context.request.plan.targetIdentity;
  const hadSystem = before.type.includes('SystemAssigned');
  const hadUser = (id: string) => before.userAssignedIdentities.some((u) => sameResourceId(u, id));
  const results = new Map<number, OperationResult>();
  for (const [index, op] of ops) {
    switch (op.kind) {
      case 'enableSystemAssignedIdentity':
        results.set(index, {
          status: hadSystem ? 'noChange' : 'succeeded',
          ...(identity.principalId ? { principalId: identity.principalId } : {}),
          ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
        });
        break;
      case 'disableSystemAssignedIdentity':
        results.set(index, {
          status: hadSystem ? 'succeeded' : 'noChange',
          ...(before.principalId ? { principalId: before.principalId } : {}),
        });
        break;
      case 'attachUserAssignedIdentity': {
        const attached = identity.userAssigned.find((u) => sameResourceId(u.id, op.identity));
        results.set(index, {
          status: hadUser(op.identity) ? 'noChange' : 'succeeded',
          ...(attached?.principalId ? { principalId: attached.principalId } : {}),
          ...(attached?.clientId ? { clientId: attached.clientId } : {}),
        });
        break;
      }
      case 'detachUserAssignedIdentity':
        results.set(index, { status: hadUser(op.identity) ? 'succeeded' : 'noChange' });
        break;
    }
  }
  if (!hasSystemAssigned(identity) && ops.some(([, op]) => op.kind === 'enableSystemAssignedIdentity'))
    throw new Error('ARM reported success but the system-assigned identity is not enabled');
  return results;
}
