import { armError, ok, type ArmResponse } from './armResponse.js';
import { findRoleByGuid } from './builtInRoles.js';
import {
  readRoleAssignmentInput,
  renderRoleAssignment,
  type RoleAssignmentInput,
} from './roleAssignmentBody.js';
import { canonicalScope, missingScope, type ParsedScope } from './scopes.js';
import { BROKER_ABAC_CONDITION, PRIVILEGED_ROLE_NAMES, ROLE_DEFINITION_IDS } from './seed.js';
import { findPrincipal } from './store.js';
import type { ArmRequest, HandlerContext } from './types.js';

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const roleDefinitionIdPattern =
  /^(?:\/subscriptions\/[^/]+|\/providers\/microsoft\.management\/managementgroups\/[^/]+)?\/providers\/microsoft\.authorization\/roledefinitions\/([0-9a-f-]{36})$/i;
const principalTypes = ['user', 'group', 'serviceprincipal', 'foreigngroup', 'device'];
const privilegedGuids = new Set<string>(PRIVILEGED_ROLE_NAMES.map((name) => ROLE_DEFINITION_IDS[name]));

/** PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{name}, with ARM's checks in ARM's order. */
export function putRoleAssignment(
  ctx: HandlerContext,
  req: ArmRequest,
  scope: ParsedScope,
  name: string,
): ArmResponse {
  if (!guidPattern.test(name)) {
    return armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const input = readRoleAssignmentInput(req.body);
  if (typeof input === 'string') {
    return armError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${input}'.`,
    );
  }
  if (input.principalType !== undefined && !principalTypes.includes(input.principalType.toLowerCase())) {
    return armError(
      400,
      'InvalidPrincipalType',
      `The principal type '${input.principalType}' is not valid. Allowed: User, Group, ServicePrincipal, ForeignGroup, Device.`,
    );
  }
  const roleGuid = roleDefinitionIdPattern.exec(input.roleDefinitionId)?.[1]?.toLowerCase();
  if (!roleGuid) {
    return armError(
      400,
      'InvalidRoleDefinitionId',
      `The role definition ID '${input.roleDefinitionId}' is not valid.`,
    );
  }
  const canonical = canonicalScope(ctx.store, scope);
  const denied = checkBrokerCondition(
    req,
    input,
    roleGuid,
    `${canonical}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  );
  if (denied) return denied;
  const missing = missingScope(ctx.store, scope);
  if (missing) return missing;
  if (!findRoleByGuid(roleGuid)) {
    return armError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuid.replaceAll('-', '')}' does not exist.`,
    );
  }
  const notFound = checkPrincipal(ctx, input.principalId);
  if (notFound) return notFound;
  return store(ctx, req, { scope, canonical, name, input, roleGuid });
}

function checkBrokerCondition(req: ArmRequest, input: RoleAssignmentInput, roleGuid: string, target: string) {
  const reasons = [
    ...(privilegedGuids.has(roleGuid) ? [`role definition '${roleGuid}' is a privileged role`] : []),
    ...(input.principalType?.toLowerCase() !== 'serviceprincipal'
      ? [`principalType '${input.principalType ?? '(not given)'}' is not ServicePrincipal`]
      : []),
  ];
  if (reasons.length === 0) return undefined;
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${req.callerOid}' with object id '${req.callerOid}' does not have authorization to perform action ` +
      `'Microsoft.Authorization/roleAssignments/write' over scope '${target}' or the scope is invalid. ` +
      `The condition on the caller's role assignment was not met (${reasons.join('; ')}). Condition: ${BROKER_ABAC_CONDITION}`,
  );
}

function checkPrincipal(ctx: HandlerContext, principalId: string): ArmResponse | undefined {
  const principal = findPrincipal(ctx.store, principalId);
  if (principal && principal.replicationPending <= 0) return undefined;
  // Each PUT naming a not-yet-replicated principal uses up one attempt.
  if (principal) principal.replicationPending -= 1;
  return armError(
    400,
    'PrincipalNotFound',
    `Principal ${principalId.replaceAll('-', '')} does not exist in the directory ${ctx.store.tenantId}. Check that you have ` +
      'the correct principal ID. If you are creating this principal and then immediately assigning a role, this error ' +
      'might be related to a replication delay. In this case, set the role assignment principalType property to a ' +
      'value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype',
  );
}

interface Placement {
  scope: ParsedScope;
  canonical: string;
  name: string;
  input: RoleAssignmentInput;
  roleGuid: string;
}

function store(ctx: HandlerContext, req: ArmRequest, p: Placement): ArmResponse {
  const now = new Date().toISOString();
  const { input } = p;
  const existing = ctx.store.roleAssignments.get(p.name.toLowerCase());
  if (existing) {
    const same =
      existing.scope.toLowerCase() === p.scope.key &&
      existing.principalId.toLowerCase() === input.principalId.toLowerCase() &&
      existing.roleGuid === p.roleGuid;
    if (!same) {
      return armError(
        400,
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
      );
    }
    Object.assign(existing, optionalProperties(input), { updatedOn: now, updatedBy: req.callerOid });
    return ok(renderRoleAssignment(existing), 201);
  }
  const duplicate = [...ctx.store.roleAssignments.values()].find(
    (a) =>
      a.scope.toLowerCase() === p.scope.key &&
      a.principalId.toLowerCase() === input.principalId.toLowerCase() &&
      a.roleGuid === p.roleGuid,
  );
  if (duplicate) {
    // ARM prints the existing name as 32 hex digits, without hyphens.
    const id = duplicate.name.replaceAll('-', '');
    return armError(
      409,
      'RoleAssignmentExists',
      `The role assignment already exists. The ID of the existing role assignment is ${id}.`,
    );
  }
  const subscription = /^\/subscriptions\/[^/]+/.exec(p.scope.key)?.[0];
  if (subscription && countIn(ctx, subscription) >= ctx.options.roleAssignmentLimit) {
    return armError(400, 'RoleAssignmentLimitExceeded', 'No more role assignments can be created.');
  }
  const record = {
    name: p.name.toLowerCase(),
    scope: p.canonical,
    roleDefinitionId: input.roleDefinitionId,
    roleGuid: p.roleGuid,
    principalId: input.principalId,
    principalType: input.principalType ?? 'ServicePrincipal',
    ...optionalProperties(input),
    createdOn: now,
    updatedOn: now,
    createdBy: req.callerOid,
    updatedBy: req.callerOid,
  };
  ctx.store.roleAssignments.set(record.name, record);
  return ok(renderRoleAssignment(record), 201);
}

function optionalProperties(input: RoleAssignmentInput) {
  const { condition, conditionVersion, description } = input;
  return {
    ...(condition === undefined ? {} : { condition }),
    ...(conditionVersion === undefined ? {} : { conditionVersion }),
    ...(description === undefined ? {} : { description }),
  };
}

function countIn(ctx: HandlerContext, subscriptionKey: string): number {
  const inSubscription = (scope: string) =>
    scope === subscriptionKey || scope.startsWith(`${subscriptionKey}/`);
  return [...ctx.store.roleAssignments.values()].filter((a) => inSubscription(a.scope.toLowerCase())).length;
}
