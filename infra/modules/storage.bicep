// Storage for the Functions host (AzureWebJobsStorage), the Flex Consumption deployment package and the
// broker's state tables. Shared key access is off: every client authenticates with Entra ID.

param name string
param location string
param tags object = {}

@description('Blob container the Flex Consumption app deploys its package from.')
param deploymentContainerName string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource deployments 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource tableServices 'tableServices' = {
    name: 'default'

    // src/adapters/tables/tableNames.ts: REQUESTS_TABLE
    resource requests 'tables' = {
      name: 'IdentityRequests'
    }

    // src/adapters/tables/tableNames.ts: IDEMPOTENCY_TABLE
    resource requestKeys 'tables' = {
      name: 'IdentityRequestKeys'
    }

    // src/adapters/tables/tableNames.ts: GRANT_LEDGER_TABLE
    resource grantLedger 'tables' = {
      name: 'GrantLedger'
    }
  }
}

// Service URIs without a trailing slash, for the sovereign cloud the deployment runs in.
var storageSuffix = environment().suffixes.storage

output id string = account.id
output name string = account.name
output blobServiceUri string = 'https://${account.name}.blob.${storageSuffix}'
output tableServiceUri string = 'https://${account.name}.table.${storageSuffix}'
output deploymentContainerUri string = 'https://${account.name}.blob.${storageSuffix}/${deploymentContainerName}'
