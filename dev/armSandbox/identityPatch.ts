import { deterministicGuid } from './deterministicId.js';
import { armError, type ArmResponse } from './armResponse.js';
import { ROLE_DEFINITION_IDS } from './seed.js';
import { isAtOrAbove } from './scopes.js';
import {
  addPrincipal,
  findResource,
  type IdentityPlan,
  type SandboxResource,
  type SandboxStore,
} from './store.js';

export type { IdentityPlan } from './store.js';

export type IdentityPlanResult = { ok: true; plan: IdentityPlan } | { ok: false; response: ArmResponse };

export interface PlanContext {
  store: SandboxStore;
  resource: SandboxResource;
  callerOid: string;
  /** The code this resource provider uses for malformed identity input. */
  badRequestCode: string;
}

/**
 * The closed enum of the Compute and Automation specs (`modelAsString: false`): no other separator or order.
 * Letter case is not checked, as ARM's enum parsing ignores it.
 */
const IDENTITY_TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'] as const;

const uaiIdPattern =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+$/i;
const assignRoles = new Set<string>([
  ROLE_DEFINITION_IDS.Owner,
  ROLE_DEFINITION_IDS.Contributor,
  ROLE_DEFINITION_IDS['Managed Identity Operator'],
]);

/**
 * ARM's identity PATCH semantics: `type` replaces (a type without SystemAssigned deletes the system identity, one
 * without UserAssigned drops every user-assigned one); with UserAssigned the map merges (`{}` adds or keeps, `null`
 * removes, unlisted ones stay).
 */
export function planIdentityPatch(ctx: PlanContext, requested: unknown): IdentityPlanResult {
  const bad = (message: string) => ({
    ok: false as const,
    response: armError(400, ctx.badRequestCode, message),
  });
  if (!isObject(requested) || typeof requested.type !== 'string') return bad('identity.type is required.');
  const type = IDENTITY_TYPES.find((t) => t.toLowerCase() === String(requested.type).toLowerCase());
  if (!type) {
    return bad(
      `The value '${requested.type}' of identity.type is invalid. Allowed values: ${IDENTITY_TYPES.map((t) => `'${t}'`).join(', ')}.`,
    );
  }
  const tokens = type.toLowerCase().split(', ');
  const entries = requested.userAssignedIdentities ?? {};
  if (!isObject(entries)) return bad('identity.userAssignedIdentities must be an object.');
  const system = tokens.includes('systemassigned');
  if (!tokens.includes('userassigned')) {
    if (Object.values(entries).some((value) => value !== null)) {
      return bad(
        `userAssignedIdentities may only be given when the identity type includes UserAssigned; type is '${requested.type}'.`,
      );
    }
    return { ok: true, plan: { system, userAssigned: new Map() } };
  }
  const userAssigned = new Map(ctx.resource.identity.userAssigned);
  const unauthorized: string[] = [];
  for (const [key, value] of Object.entries(entries)) {
    if (value === null) {
      userAssigned.delete(key.toLowerCase());
      continue;
    }
    if (!isObject(value))
      return bad(`The value for user-assigned identity '${key}' must be an object or null.`);
    const identity = findResource(ctx.store, key);
    if (!uaiIdPattern.test(key) || identity?.kind !== 'userAssignedIdentity') {
      const response = armError(
        400,
        'InvalidUserAssignedIdentity',
        `The user-assigned identity '${key}' was not found or is not a valid resource ID.`,
      );
      return { ok: false, response };
    }
    // ARM checks linked access for every identity named in the body, not only the newly attached ones.
    if (!canAssign(ctx.store, ctx.callerOid, identity.id)) unauthorized.push(identity.id);
    if (!userAssigned.has(key.toLowerCase())) userAssigned.set(key.toLowerCase(), key);
  }
  if (unauthorized.length > 0) {
    return { ok: false, response: linkedAuthorizationFailed(ctx, unauthorized) };
  }
  if (userAssigned.size === 0) {
    return bad(
      `The identity type '${requested.type}' includes UserAssigned, but no user-assigned identity would remain.`,
    );
  }
  return { ok: true, plan: { system, userAssigned } };
}

/** Applies a plan: enabling system-assigned registers a new principal, disabling it removes the principal. */
export function applyIdentityPlan(
  store: SandboxStore,
  resource: SandboxResource,
  plan: IdentityPlan,
  replicationDelayAttempts: number,
): void {
  const current = resource.identity.systemPrincipalId;
  if (plan.system && !current) {
    const key = resource.id.toLowerCase();
    const created = (store.principalsCreated.get(key) ?? 0) + 1;
    store.principalsCreated.set(key, created);
    const objectId = deterministicGuid(`${key}#${created}`);
    addPrincipal(store, {
      objectId,
      principalType: 'ServicePrincipal',
      displayName: resource.name,
      replicationPending: replicationDelayAttempts,
      resourceId: resource.id,
    });
    resource.identity.systemPrincipalId = objectId;
  }
  if (!plan.system && current) {
    store.principals.delete(current.toLowerCase());
    delete resource.identity.systemPrincipalId;
  }
  resource.identity.userAssigned = new Map(plan.userAssigned);
}

/** The `identity` object ARM returns; undefined when the resource has none. */
export function renderIdentity(
  store: SandboxStore,
  resource: SandboxResource,
): Record<string, unknown> | undefined {
  const { systemPrincipalId, userAssigned } = resource.identity;
  const types = [
    ...(systemPrincipalId ? ['SystemAssigned'] : []),
    ...(userAssigned.size > 0 ? ['UserAssigned'] : []),
  ];
  if (types.length === 0) return undefined;
  const rendered: Record<string, unknown> = { type: types.join(', ') };
  if (systemPrincipalId)
    Object.assign(rendered, { principalId: systemPrincipalId, tenantId: store.tenantId });
  if (userAssigned.size > 0) {
    rendered.userAssignedIdentities = Object.fromEntries(
      [...userAssigned].map(([lower, key]) => {
        const identity = store.resources.get(lower);
        return [key, { principalId: identity?.principalId, clientId: identity?.clientId }];
      }),
    );
  }
  return rendered;
}

function canAssign(store: SandboxStore, callerOid: string, identityId: string): boolean {
  return [...store.roleAssignments.values()].some(
    (a) =>
      a.principalId.toLowerCase() === callerOid.toLowerCase() &&
      assignRoles.has(a.roleGuid) &&
      isAtOrAbove(store, a.scope, identityId),
  );
}

function linkedAuthorizationFailed(ctx: PlanContext, identities: string[]): ArmResponse {
  const [namespace, type] = ctx.resource.id.split('/').slice(-3);
  return armError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${ctx.callerOid}' with object id '${ctx.callerOid}' has permission to perform action ` +
      `'${namespace}/${type}/write' on scope '${ctx.resource.id}'; however, it does not have permission to perform action(s) ` +
      `'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action' on the linked scope(s) '${identities.join(',')}' ` +
      `(respectively) or the linked scope(s) are invalid.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
