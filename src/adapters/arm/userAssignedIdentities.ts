import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import { parseResourceId } from '../../core/resourceId.js';
import { armCall, isNotFound } from './toArmError.js';

/** User-assigned identities through @azure/arm-msi: their principal and client IDs. */
export function userAssignedIdentities(client: (id: string) => ManagedServiceIdentityClient) {
  return {
    async get(id: string) {
      const parsed = parseResourceId(id);
      if (!parsed.ok || !parsed.value.resourceGroup || !parsed.value.name)
        throw new Error(`not an identity ID: ${id}`);
      const { resourceGroup, name } = parsed.value;
      try {
        const identity = await armCall(() => client(id).userAssignedIdentities.get(resourceGroup, name));
        if (!identity.principalId || !identity.clientId || !identity.tenantId) return undefined;
        return {
          principalId: identity.principalId,
          clientId: identity.clientId,
          tenantId: identity.tenantId,
        };
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    },
  };
}
