import type { IdentityRequest } from '../identityRequest.js';
import type { RoleOperation } from '../operation.js';
import type { ArmGateway } from '../ports.js';

/** The principal of the system-assigned identity this request enabled, once its step recorded it. */
export function principalEnabledHere(request: IdentityRequest): string | undefined {
  const index = request.operations.findIndex((o) => o.kind === 'enableSystemAssignedIdentity');
  return index >= 0 ? (request.results[index]?.principalId ?? undefined) : undefined;
}

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
  const fromResult = principalEnabledHere(request);
  if (fromResult) return fromResult;
  return (await arm.getTargetIdentity(request.target, request.targetKind))?.principalId;
}
