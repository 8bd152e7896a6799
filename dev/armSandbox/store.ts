/** A resource's managed identities as ARM keeps them. */
export interface IdentityState {
  systemPrincipalId?: string;
  /** Lowercased identity resource ID → the key exactly as the caller (or seed) spelled it. */
  userAssigned: Map<string, string>;
}

export type ResourceKind =
  | 'automationAccount'
  | 'virtualMachine'
  | 'userAssignedIdentity'
  | 'keyVault'
  | 'storageAccount'
  | 'functionApp';

export interface SandboxResource {
  id: string;
  kind: ResourceKind;
  name: string;
  location: string;
  tags: Record<string, string>;
  identity: IdentityState;
  createdAt: string;
  updatedAt: string;
  /** Set for user-assigned identities. */
  principalId?: string;
  clientId?: string;
  /** Set for virtual machines. */
  vm?: {
    vmId: string;
    vmSize: string;
    provisioningState: 'Succeeded' | 'Updating' | 'Failed';
    operationId?: string;
    /** An injected fault: how the next long-running operation on this VM ends. */
    nextOperationOutcome?: VmOperationOutcome;
  };
}

export type PrincipalType = 'ServicePrincipal' | 'User' | 'Group';

export interface Principal {
  objectId: string;
  principalType: PrincipalType;
  displayName: string;
  /** Role-assignment PUTs that still answer PrincipalNotFound, as if Entra ID had not replicated it yet. */
  replicationPending: number;
  /** The resource whose system-assigned identity this is, if any. */
  resourceId?: string;
}

export interface RoleAssignmentRecord {
  name: string;
  scope: string;
  /** As the caller sent it; compare by `roleGuid`. */
  roleDefinitionId: string;
  roleGuid: string;
  principalId: string;
  principalType: string;
  condition?: string;
  conditionVersion?: string;
  description?: string;
  createdOn: string;
  updatedOn: string;
  createdBy: string;
  updatedBy: string;
}

/** The identity a resource will have after a PATCH: validated, not yet applied. */
export interface IdentityPlan {
  system: boolean;
  /** Lowercased identity ID → key as the caller spelled it when attaching. */
  userAssigned: Map<string, string>;
}

/** What a VM PATCH changes once its long-running operation succeeds. */
export interface PendingVmChange {
  identity?: IdentityPlan;
  tags?: Record<string, string>;
}

/** A terminal status other than Succeeded, with the error the operation status body carries. */
export interface VmOperationOutcome {
  status: 'Failed' | 'Canceled';
  error?: { code: string; message: string };
}

export interface VmOperation {
  id: string;
  vmKey: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  /** Where the operation ends instead of Succeeded (see `Faults.endNextVmOperation`). */
  outcome?: VmOperationOutcome;
  error?: { code: string; message: string };
  pollsLeft: number;
  startTime: string;
  endTime?: string;
  change: PendingVmChange;
}

/** The mutable world the sandbox serves; keys are lowercased IDs. */
export interface SandboxStore {
  tenantId: string;
  /** Lowercased container scope (management group, subscription, resource group) → canonical scope. */
  containers: Map<string, string>;
  /** Lowercased subscription scope → lowercased management group scope. */
  subscriptionParents: Map<string, string>;
  resources: Map<string, SandboxResource>;
  principals: Map<string, Principal>;
  /** Lowercased assignment name → assignment (names are unique across the tenant). */
  roleAssignments: Map<string, RoleAssignmentRecord>;
  operations: Map<string, VmOperation>;
  /**
   * How many principals identity PATCHes created for each resource (lower-cased ID) since the seed: names the next
   * one, so a resource's n-th principal has the same ID however requests on other resources interleave.
   */
  principalsCreated: Map<string, number>;
}

export function findResource(store: SandboxStore, id: string): SandboxResource | undefined {
  return store.resources.get(id.toLowerCase());
}

export function findPrincipal(store: SandboxStore, objectId: string): Principal | undefined {
  return store.principals.get(objectId.toLowerCase());
}

export function addPrincipal(store: SandboxStore, principal: Principal): void {
  store.principals.set(principal.objectId.toLowerCase(), principal);
}
