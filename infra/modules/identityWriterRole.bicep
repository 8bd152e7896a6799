targetScope = 'subscription'

// A custom role that can read and write Automation accounts and virtual machines, and nothing else:
// enough to PATCH their `identity`. The built-in Automation Contributor and Virtual Machine
// Contributor would also let the broker create and start runbooks, run commands and install
// extensions, that is, run code as the very identities it manages.

@description('GUID name of the role definition (deterministic, so a redeployment updates it).')
param roleGuid string

@description('Role name, unique in the tenant.')
param roleName string

@description('Resource group IDs the role may be assigned at.')
param assignableScopes array

resource identityWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleGuid
  properties: {
    roleName: roleName
    description: 'identity-broker: turn managed identities of Automation accounts and virtual machines on and off.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Automation/automationAccounts/read'
          'Microsoft.Automation/automationAccounts/write'
          'Microsoft.Compute/virtualMachines/read'
          'Microsoft.Compute/virtualMachines/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}
