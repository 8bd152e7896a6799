// What the broker's identity holds at one target resource group: Role Based Access Control
// Administrator, constrained by an ABAC condition, and the custom identity-writer role.

param principalId string

@description('GUID of the custom identity-writer role definition (identityWriterRole.bicep).')
param identityWriterRoleGuid string

// The three built-in roles that can themselves grant roles: never granted, never removed.
var ownerRoleGuid = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'
var userAccessAdministratorRoleGuid = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'
var rbacAdministratorRoleGuid = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
var privilegedRoleGuids = '${ownerRoleGuid}, ${userAccessAdministratorRoleGuid}, ${rbacAdministratorRoleGuid}'

// Azure ABAC, condition version 2.0 ("Allow all except specific roles" combined with "Constrain
// principal types"): writes are checked on the request, deletes on the existing assignment.
var writeCondition = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${privilegedRoleGuids}} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'
var deleteCondition = '(!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${privilegedRoleGuids}} AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {\'ServicePrincipal\'})'
var brokerCondition = '(${writeCondition}) AND (${deleteCondition})'

var rbacAdministrator = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', rbacAdministratorRoleGuid)
// A custom role is one definition for the tenant; its ID resolves in this scope's subscription.
var identityWriter = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', identityWriterRoleGuid)

resource constrainedRbacAdministrator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, rbacAdministrator)
  properties: {
    roleDefinitionId: rbacAdministrator
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'identity-broker: grants roles to managed identities only, never Owner, User Access Administrator or RBAC Administrator.'
    conditionVersion: '2.0'
    condition: brokerCondition
  }
}

resource identityWriterAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, identityWriter)
  properties: {
    roleDefinitionId: identityWriter
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'identity-broker: turns managed identities of Automation accounts and virtual machines on and off.'
  }
}
