import { IDENTITY_TYPES, type IdentityType, type TargetIdentity } from '../../core/identity.js';

interface SdkIdentity {
  type?: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string } | null | undefined>;
}

/** ARM answers `None`, nothing at all, or a type in any casing: all become one of four types. */
export function toTargetIdentity(identity: SdkIdentity | undefined | null): TargetIdentity {
  const type =
    IDENTITY_TYPES.find(
      (t) =>
        t.toLowerCase().replace(/\s/g, '') === (identity?.type ?? 'None').toLowerCase().replace(/\s/g, ''),
    ) ?? ('None' as IdentityType);
  const userAssigned = Object.entries(identity?.userAssignedIdentities ?? {})
    .filter(([, value]) => value !== null)
    .map(([id, value]) => ({
      id,
      ...(value?.principalId ? { principalId: value.principalId } : {}),
      ...(value?.clientId ? { clientId: value.clientId } : {}),
    }));
  return {
    type,
    ...(identity?.principalId ? { principalId: identity.principalId } : {}),
    ...(identity?.tenantId ? { tenantId: identity.tenantId } : {}),
    userAssigned,
  };
}
