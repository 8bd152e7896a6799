import type { IdentityType } from './identity.js';

/** One ARM call the broker will send, exactly as the approver sees it (api-version aside). */
export interface PlannedCall {
  method: 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

export type StepKind = 'removeRoleAssignment' | 'updateIdentity' | 'assignRole';

/** A role the approver saw resolved: the ID is what is granted, never the name again. */
export interface ResolvedRole {
  roleDefinitionId: string;
  roleName: string;
  scope: string;
  /** Unknown until the system-assigned identity this request enables exists. */
  principalId?: string;
}

export interface PlannedStep {
  kind: StepKind;
  /** Indexes into the request's operations that this step carries out. */
  operations: number[];
  change: 'write' | 'none';
  calls: PlannedCall[];
  reason?: string;
  role?: ResolvedRole;
  /** A grant already in place: whether the broker made it (and so may remove it when its holders end). */
  origin?: 'broker' | 'external';
}

/** What the broker will do, computed from the target's live state at submission. */
export interface Plan {
  computedAt: string;
  targetIdentity: { type: IdentityType; principalId?: string; userAssignedIdentities: string[] };
  steps: PlannedStep[];
  warnings: string[];
}
