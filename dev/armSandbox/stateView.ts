import { renderIdentity } from './identityPatch.js';
import type {
  Principal,
  ResourceKind,
  RoleAssignmentRecord,
  SandboxResource,
  SandboxStore,
} from './store.js';

export interface IdentitySnapshot {
  type: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

export interface ResourceSnapshot {
  id: string;
  kind: ResourceKind;
  name: string;
  location: string;
  tags: Record<string, string>;
  identity: IdentitySnapshot;
  provisioningState?: string;
  principalId?: string;
  clientId?: string;
}

export interface OperationSnapshot {
  id: string;
  resourceId: string;
  status: string;
  pollsLeft: number;
  startTime: string;
  endTime?: string;
}

/** Read-only copies of the sandbox's state, for assertions; changing them changes nothing. */
export interface ArmStateView {
  resource(id: string): ResourceSnapshot | undefined;
  resources(): ResourceSnapshot[];
  roleAssignments(): RoleAssignmentRecord[];
  roleAssignment(name: string): RoleAssignmentRecord | undefined;
  principals(): Principal[];
  principal(objectId: string): Principal | undefined;
  operations(): OperationSnapshot[];
  toJSON(): Record<string, unknown>;
}

export function createStateView(getStore: () => SandboxStore): ArmStateView {
  const snapshot = (r: SandboxResource): ResourceSnapshot => {
    const store = getStore();
    return structuredClone({
      id: r.id,
      kind: r.kind,
      name: r.name,
      location: r.location,
      tags: r.tags,
      identity: (renderIdentity(store, r) as IdentitySnapshot | undefined) ?? { type: 'None' },
      ...(r.vm ? { provisioningState: r.vm.provisioningState } : {}),
      ...(r.principalId ? { principalId: r.principalId, clientId: r.clientId } : {}),
    });
  };
  const view: ArmStateView = {
    resource: (id) => {
      const found = getStore().resources.get(id.toLowerCase());
      return found && snapshot(found);
    },
    resources: () => [...getStore().resources.values()].map(snapshot),
    roleAssignments: () => [...getStore().roleAssignments.values()].map((a) => structuredClone(a)),
    roleAssignment: (name) => {
      const found = getStore().roleAssignments.get(name.toLowerCase());
      return found && structuredClone(found);
    },
    principals: () => [...getStore().principals.values()].map((p) => structuredClone(p)),
    principal: (objectId) => {
      const found = getStore().principals.get(objectId.toLowerCase());
      return found && structuredClone(found);
    },
    operations: () =>
      [...getStore().operations.values()].map((o) => {
        const resourceId = getStore().resources.get(o.vmKey)?.id ?? o.vmKey;
        const { id, status, pollsLeft, startTime, endTime } = o;
        return { id, resourceId, status, pollsLeft, startTime, ...(endTime ? { endTime } : {}) };
      }),
    toJSON: () => ({
      tenantId: getStore().tenantId,
      resources: view.resources(),
      roleAssignments: view.roleAssignments(),
      principals: view.principals(),
      operations: view.operations(),
    }),
  };
  return view;
}
