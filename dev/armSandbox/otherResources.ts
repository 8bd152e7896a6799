import { methodNotAllowed, ok, type ArmResponse } from './armResponse.js';
import type { SandboxResource, SandboxStore } from './store.js';
import type { ArmRequest } from './types.js';

/** GET of a user-assigned identity. */
export function handleUserAssignedIdentity(
  store: SandboxStore,
  req: ArmRequest,
  identity: SandboxResource,
): ArmResponse {
  if (req.method !== 'GET') return methodNotAllowed(req.method);
  return ok({
    id: identity.id,
    name: identity.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: identity.location,
    tags: identity.tags,
    properties: { tenantId: store.tenantId, principalId: identity.principalId, clientId: identity.clientId },
  });
}

/** GET of a resource the sandbox only holds as a scope (Key Vault, storage, the broker's app). */
export function handlePlainResource(req: ArmRequest, resource: SandboxResource): ArmResponse {
  if (req.method !== 'GET') return methodNotAllowed(req.method);
  const [namespace, type] = resource.id.split('/').slice(-3);
  return ok({
    id: resource.id,
    name: resource.name,
    type: `${namespace}/${type}`,
    location: resource.location,
    tags: resource.tags,
  });
}
