/** ARM's identity types. `type` replaces what is there; it never merges. */
export const IDENTITY_TYPES = [
  'None',
  'SystemAssigned',
  'UserAssigned',
  'SystemAssigned, UserAssigned',
] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export interface UserAssignedIdentityRef {
  /** The key exactly as ARM returned it; compare with `sameResourceId`. */
  id: string;
  principalId?: string;
  clientId?: string;
}

/** A target's identity as read from ARM. */
export interface TargetIdentity {
  type: IdentityType;
  principalId?: string;
  tenantId?: string;
  userAssigned: UserAssignedIdentityRef[];
  /**
   * An update of the resource is still running (a VM's `provisioningState: Updating`): the identity shown is
   * the one before it, so no read-modify-write may be based on it.
   */
  updating?: true;
}

/** The body of the identity PATCH: always the full desired type, removals as `null`. */
export interface IdentityPatchBody {
  identity: {
    type: IdentityType;
    userAssignedIdentities?: Record<string, Record<string, never> | null>;
  };
}

export const hasSystemAssigned = (identity: TargetIdentity): boolean =>
  identity.type.includes('SystemAssigned');

export function identityTypeOf(system: boolean, userAssigned: boolean): IdentityType {
  if (system && userAssigned) return 'SystemAssigned, UserAssigned';
  if (system) return 'SystemAssigned';
  if (userAssigned) return 'UserAssigned';
  return 'None';
}
