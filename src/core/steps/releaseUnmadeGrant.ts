import { grantSubject } from '../grantHolds.js';
import type { AssignRoleOperation } from '../operation.js';
import { endGrant } from './endGrant.js';
import { principalEnabledHere } from './resolvePrincipalId.js';
import type { StepContext } from './stepContext.js';

/**
 * A grant step that failed for good gives up the hold it may have registered: held by a request that
 * will never record the grant, it would keep an assignment nobody else holds alive. Best effort: what it
 * cannot finish (a DELETE refused) is a stale hold or an abandoned removal, which the next request to
 * meet the entry repairs (docs/storage.md).
 */
export async function releaseUnmadeGrant(context: StepContext): Promise<void> {
  const { request, step } = context;
  const index = step.operations[0] as number;
  const op = request.operations[index] as AssignRoleOperation;
  const role = step.role;
  const principalId =
    role?.principalId ?? (op.principal === 'systemAssigned' ? principalEnabledHere(request) : undefined);
  if (!role || !principalId) return;
  const subject = grantSubject(op.scope, principalId, role.roleDefinitionId);
  try {
    await endGrant(context, subject.key, { requestId: request.id, operation: index });
  } catch {
    // Left for repair, as above; the step's own failure is what the request records.
  }
}
