// Managed Identity Operator on one user-assigned identity the broker may attach to Automation accounts
// and virtual machines (userAssignedIdentities/*/assign/action). Deployed in that identity's group.

param principalId string

@description('Name of the user-assigned identity (in this module\'s resource group).')
param identityName string

var managedIdentityOperator = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f1a07417-d97a-45cb-824c-7a7467783830')

resource allowedIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(allowedIdentity.id, principalId, managedIdentityOperator)
  scope: allowedIdentity
  properties: {
    roleDefinitionId: managedIdentityOperator
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'identity-broker: may attach this identity to Automation accounts and virtual machines.'
  }
}
