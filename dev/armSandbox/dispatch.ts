import { armError, type ArmResponse } from './armResponse.js';
import { handleAutomationAccount } from './automationAccounts.js';
import { createUserAssignedIdentity } from './createUserAssignedIdentity.js';
import { handlePlainResource, handleUserAssignedIdentity } from './otherResources.js';
import { handleRoleAssignments } from './roleAssignments.js';
import { handleRoleDefinitions } from './roleDefinitions.js';
import type { Route } from './route.js';
import { missingScope } from './scopes.js';
import type { ArmRequest, HandlerContext } from './types.js';
import { handleVirtualMachine } from './virtualMachines.js';
import { handleVmOperation } from './vmOperations.js';

const USER_ASSIGNED_IDENTITIES = 'microsoft.managedidentity/userassignedidentities';

/** Hands an authenticated, admitted request to the handler for its route. */
export function dispatch(ctx: HandlerContext, req: ArmRequest, route: Route): ArmResponse {
  switch (route.kind) {
    case 'roleAssignments':
      return handleRoleAssignments(ctx, req, route.scope, route.name);
    case 'roleDefinitions':
      return handleRoleDefinitions(ctx, req, route.scope, route.name);
    case 'vmOperation':
      return handleVmOperation(ctx, req, route.operationId);
    case 'invalidScope':
      return armError(
        400,
        'InvalidScope',
        `The scope '${route.scope}' is not a valid scope for this request.`,
      );
    case 'unknown':
      return armError(
        404,
        'SandboxRouteNotFound',
        `The ARM sandbox does not serve '${req.method} ${req.path}'.`,
      );
    case 'resource': {
      const missing = missingScope(ctx.store, route.scope);
      const resource = ctx.store.resources.get(route.scope.key);
      // A create needs only its resource group to exist.
      const groupExists = ctx.store.containers.has(route.scope.key.split('/').slice(0, 5).join('/'));
      if (groupExists && req.method === 'PUT' && route.type === USER_ASSIGNED_IDENTITIES)
        return createUserAssignedIdentity(ctx, req, resource);
      if (missing || !resource)
        return missing ?? armError(404, 'ResourceNotFound', `The Resource '${req.path}' was not found.`);
      switch (resource.kind) {
        case 'automationAccount':
          return handleAutomationAccount(ctx, req, resource);
        case 'virtualMachine':
          return handleVirtualMachine(ctx, req, resource);
        case 'userAssignedIdentity':
          return handleUserAssignedIdentity(ctx.store, req, resource);
        default:
          return handlePlainResource(req, resource);
      }
    }
  }
}
