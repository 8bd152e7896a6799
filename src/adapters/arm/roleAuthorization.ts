import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ArmError } from '../../core/armError.js';
import type { RoleAssignmentInfo, RoleDefinitionInfo } from '../../core/ports.js';
import { roleAssignmentBody } from '../../core/roleAssignmentPath.js';
import { armCall, isNotFound, toArmError } from './toArmError.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// OData string literals double their quotes.
const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Role definitions and assignments through @azure/arm-authorization. */
export function roleAuthorization(client: (scope: string) => AuthorizationManagementClient) {
  return {
    /** Role names resolve at the assignment's scope: custom roles are only assignable where they are defined. */
    async findRoleDefinition(scope: string, role: string): Promise<RoleDefinitionInfo | undefined> {
      if (GUID.test(role)) {
        try {
          const found = await armCall(() => client(scope).roleDefinitions.get(scope, role.toLowerCase()));
          return found.id && found.roleName ? { id: found.id, roleName: found.roleName } : undefined;
        } catch (e) {
          if (isNotFound(e) || (e instanceof ArmError && e.code === 'RoleDefinitionDoesNotExist'))
            return undefined;
          throw e;
        }
      }
      const filter = `roleName eq ${odataString(role)}`;
      try {
        // The pages are fetched while iterating, outside any armCall: classify their failures here.
        for await (const found of client(scope).roleDefinitions.list(scope, { filter })) {
          if (found.id && found.roleName?.toLowerCase() === role.toLowerCase())
            return { id: found.id, roleName: found.roleName };
        }
      } catch (e) {
        const failure = toArmError(e);
        if (isNotFound(failure)) return undefined; // a scope that does not exist defines no roles
        throw failure;
      }
      return undefined;
    },

    async createRoleAssignment(a: {
      scope: string;
      name: string;
      roleDefinitionId: string;
      principalId: string;
    }) {
      let status = 0;
      const created = await armCall(() =>
        client(a.scope).roleAssignments.create(
          a.scope,
          a.name,
          roleAssignmentBody(a.roleDefinitionId, a.principalId).properties,
          { onResponse: (response) => void (status = response.status) },
        ),
      );
      if (!created.id) throw new Error('ARM created a role assignment without an ID');
      return { id: created.id, created: status === 201 };
    },

    async listRoleAssignments(scope: string, principalId: string): Promise<RoleAssignmentInfo[]> {
      const found: RoleAssignmentInfo[] = [];
      try {
        const filter = `principalId eq ${odataString(principalId)}`;
        for await (const a of client(scope).roleAssignments.listForScope(scope, { filter }))
          if (a.id && a.scope && a.roleDefinitionId && a.principalId)
            found.push({
              id: a.id,
              scope: a.scope,
              roleDefinitionId: a.roleDefinitionId,
              principalId: a.principalId,
            });
      } catch (e) {
        throw e instanceof ArmError ? e : await armCall(() => Promise.reject(e));
      }
      return found;
    },

    async deleteRoleAssignment(id: string): Promise<'deleted' | 'notFound'> {
      try {
        const deleted = await armCall(() => client(id).roleAssignments.deleteById(id));
        return deleted.id ? 'deleted' : 'notFound';
      } catch (e) {
        if (isNotFound(e)) return 'notFound';
        throw e;
      }
    },
  };
}
