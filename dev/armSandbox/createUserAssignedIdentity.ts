import { armError, type ArmResponse } from './armResponse.js';
import { deterministicGuid } from './deterministicId.js';
import { handleUserAssignedIdentity } from './otherResources.js';
import { addPrincipal, type SandboxResource } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * PUT of a user-assigned identity (UserAssignedIdentities_CreateOrUpdate): 201 with a new service principal
 * the first time, 200 after; `principalId`, `clientId` and `tenantId` are read-only and never change.
 */
export function createUserAssignedIdentity(
  ctx: HandlerContext,
  req: ArmRequest,
  existing: SandboxResource | undefined,
): ArmResponse {
  const body = isObject(req.body) ? req.body : undefined;
  if (!body || typeof body.location !== 'string' || body.location === '')
    return armError(400, 'LocationRequired', 'The location property is required for this definition.');
  const tags = isObject(body.tags) ? (body.tags as Record<string, string>) : {};
  const now = new Date().toISOString();
  if (existing) {
    Object.assign(existing, { location: body.location, tags, updatedAt: now });
    return handleUserAssignedIdentity(ctx.store, { ...req, method: 'GET' }, existing);
  }
  const key = req.path.toLowerCase();
  const identity: SandboxResource = {
    id: req.path,
    kind: 'userAssignedIdentity',
    name: req.path.split('/').at(-1) ?? req.path,
    location: body.location,
    tags,
    identity: { userAssigned: new Map() },
    createdAt: now,
    updatedAt: now,
    principalId: deterministicGuid(`uai-principal:${key}`),
    clientId: deterministicGuid(`uai-client:${key}`),
  };
  ctx.store.resources.set(key, identity);
  addPrincipal(ctx.store, {
    objectId: identity.principalId as string,
    principalType: 'ServicePrincipal',
    displayName: identity.name,
    replicationPending: 0,
    resourceId: identity.id,
  });
  const answer = handleUserAssignedIdentity(ctx.store, { ...req, method: 'GET' }, identity);
  return { ...answer, status: 201 };
}
