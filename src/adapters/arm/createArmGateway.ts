import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/identity';
import type { ArmGateway } from '../../core/ports.js';
import { type ArmConnection, classicClientOptions, modularClientOptions } from './armClientOptions.js';
import type { ArmBudgetView } from './armBudget.js';
import { withArmBudget } from './armBudgetPolicy.js';
import { automationAccountIdentity } from './automationAccountIdentity.js';
import { brokerPrincipal } from './brokerPrincipal.js';
import { cachedRoleDefinitions } from './cachedRoleDefinitions.js';
import { roleAuthorization } from './roleAuthorization.js';
import { perSubscription } from './subscriptionOf.js';
import { userAssignedIdentities } from './userAssignedIdentities.js';
import { virtualMachineIdentity } from './virtualMachineIdentity.js';

/**
 * ARM as the broker sees it, through the official SDK clients and the broker's own credential. With a
 * budget view, every client's answers tell it what ARM's throttle has left.
 */
export function createArmGateway(
  credential: TokenCredential,
  connection: ArmConnection,
  budget?: ArmBudgetView,
): ArmGateway {
  const classic = classicClientOptions(connection);
  const modular = modularClientOptions(connection);
  const automation = automationAccountIdentity(
    perSubscription((s) => withArmBudget(new ResourceManagementClient(credential, s, classic), budget)),
  );
  const vms = virtualMachineIdentity(
    perSubscription((s) => withArmBudget(new ComputeManagementClient(credential, s, modular), budget)),
  );
  const roles = roleAuthorization(
    perSubscription((s) => withArmBudget(new AuthorizationManagementClient(credential, s, classic), budget)),
  );
  const identities = userAssignedIdentities(
    perSubscription((s) => withArmBudget(new ManagedServiceIdentityClient(credential, s, classic), budget)),
  );
  const byKind = { automationAccount: automation, virtualMachine: vms };
  return {
    getTargetIdentity: (target, kind) => byKind[kind].get(target),
    beginIdentityUpdate: (target, kind, body) => byKind[kind].beginUpdate(target, body),
    resumeIdentityUpdate: (target, kind, token) => byKind[kind].resume(target, token),
    getUserAssignedIdentity: (id) => identities.get(id),
    findRoleDefinition: cachedRoleDefinitions(roles.findRoleDefinition),
    createRoleAssignment: roles.createRoleAssignment,
    listRoleAssignments: roles.listRoleAssignments,
    deleteRoleAssignment: roles.deleteRoleAssignment,
    brokerPrincipalId: brokerPrincipal(credential, `${connection.endpoint}/.default`),
  };
}
