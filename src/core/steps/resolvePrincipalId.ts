import type { IdentityRequest } from '../identityRequest.js';
import type { RoleOperation } from '../operation.js';
import type { ArmGateway } from '../ports.js';

/**
 * The principal a role operation names, as it is now: the system-assigned identity this request
 * enabled (from its result), else the target's live one, or the user-assigned identity's.
 */
export async function resolvePrincipalId(
  request: IdentityRequest,
  op: RoleOperation,
  arm: ArmGateway,
): Promise<string | undefined> {
  if (op.principal !== 'systemAssigned')
    return (await arm.getUserAssignedIdentity(op.principal))?.principalId;
  const enabledHere = request.operations.findIndex((o) => o.kind === 'enableSystemAssignedIdentity');
  const fromResult = enabledHere >= 0 ? request.results[enabledHere]?.principalId : undefined;
  if (fromResult) return fromResult;
  return (await arm.getTargetIdentity(request.target, request.targetKind))?.principalId;
}
