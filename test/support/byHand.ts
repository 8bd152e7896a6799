import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { DefaultAzureCredential } from '@azure/identity';
import { ROLE_DEFINITION_IDS, SUBSCRIPTION_ID } from '../../dev/armSandbox/seed.js';
import type { TestBroker } from './testBroker.js';

export const kvSecretsUserId = `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_DEFINITION_IDS['Key Vault Secrets User']}`;

/** Someone changing role assignments behind the broker's back, through the real SDK against the sandbox. */
export async function handAuthorizationClient(broker: TestBroker): Promise<AuthorizationManagementClient> {
  const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
  return new AuthorizationManagementClient(new DefaultAzureCredential(), SUBSCRIPTION_ID, {
    endpoint: broker.sandboxes.arm.url,
    tlsOptions: { ca: broker.sandboxes.arm.ca },
  });
}

/** Turns a target's system identity off and on again by hand: it comes back with a new principal ID. */
export async function recreateSystemIdentity(broker: TestBroker, target: string): Promise<string> {
  const { ResourceManagementClient } = await import('@azure/arm-resources');
  const client = new ResourceManagementClient(new DefaultAzureCredential(), SUBSCRIPTION_ID, {
    endpoint: broker.sandboxes.arm.url,
    tlsOptions: { ca: broker.sandboxes.arm.ca },
  });
  const apiVersion = '2023-11-01';
  const current = await client.resources.getById(target, apiVersion);
  const userAssignedIdentities = Object.fromEntries(
    Object.keys(current.identity?.userAssignedIdentities ?? {}).map((id) => [id, {}]),
  );
  const hasUser = Object.keys(userAssignedIdentities).length > 0;
  await client.resources.beginUpdateByIdAndWait(target, apiVersion, {
    identity: hasUser ? { type: 'UserAssigned', userAssignedIdentities } : { type: 'None' },
  });
  const back = await client.resources.beginUpdateByIdAndWait(target, apiVersion, {
    identity: hasUser
      ? { type: 'SystemAssigned, UserAssigned', userAssignedIdentities }
      : { type: 'SystemAssigned' },
  });
  return back.identity?.principalId as string;
}
