// The broker's own user-assigned managed identity. It exists before the function app, so its role
// assignments are in place when the app first starts, and it survives the app being recreated (the
// role assignments at the target scopes keep pointing at the same principal).

@description('Name of the user-assigned identity.')
param name string

param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
