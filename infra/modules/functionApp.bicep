// The Flex Consumption plan and the function app (Linux, Node 22), running as the broker's
// user-assigned identity, with identity-based settings only: no keys, no connection strings.

param planName string
param appName string
param location string
param tags object = {}

@description('Resource ID of the broker\'s user-assigned identity.')
param identityId string
@description('Client ID of the broker\'s user-assigned identity.')
param identityClientId string

param deploymentContainerUri string
param blobServiceUri string
param tableServiceUri string
param serviceBusNamespace string
param applicationInsightsConnectionString string

@description('ARM base URL and token audience, without a trailing slash.')
param armEndpoint string

@description('The policy document (JSON text) the app reads from POLICY.')
param policyJson string

@description('The prefix of the entities replies may go to (REPLY_TO_PREFIX); empty: none.')
param replyToPrefix string

param maximumInstanceCount int = 100
@allowed([2048, 4096])
param instanceMemoryMB int = 2048

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'broker' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUri
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }

  // Every setting the app (src/config.ts) and the Functions host read. Flex Consumption takes the
  // runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not
  // allowed here. WEBSITE_AUTH_ENABLED is set by the platform when Easy Auth is on.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // @azure/identity (DefaultAzureCredential) picks the user-assigned identity by its client ID.
      AZURE_CLIENT_ID: identityClientId
      ARM_ENDPOINT: armEndpoint
      POLICY: policyJson
      REPLY_TO_PREFIX: replyToPrefix
      StateStorage__tableServiceUri: tableServiceUri
      ServiceBusConnection__fullyQualifiedNamespace: serviceBusNamespace
      ServiceBusConnection__credential: 'managedidentity'
      ServiceBusConnection__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: blobServiceUri
      AzureWebJobsStorage__tableServiceUri: tableServiceUri
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  }

  // No publishing credentials: azd deploys with an Entra ID token.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
