// identity-broker: everything `azd up` provisions.
//
// Subscription scope: azd creates (and `azd down` deletes) the resource group itself, and the broker's
// rights at target resource groups (in this or other subscriptions of the tenant) and the custom
// identity-writer role definition (a subscription-level resource) are deployed from the same template.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names the resource group and seeds resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
param location string

@minLength(36)
@maxLength(36)
@description('Client ID of the Entra ID app registration Easy Auth validates tokens for.')
param authClientId string

@description('Tenant of that app registration; empty: the deployment\'s tenant.')
param authTenantId string = ''

@minLength(1)
@description('Client IDs of the applications allowed to call the broker (Easy Auth allowedApplications): the approval page\'s client, ticket integrations, provisioning services.')
param allowedClientApplications array

@description('Optional: object IDs of the only users or service principals Easy Auth admits; empty: any caller of an allowed application.')
param allowedCallerPrincipalIds array = []

@description('Optional: object IDs of groups whose members alone Easy Auth admits; empty: no group restriction.')
param allowedCallerGroupIds array = []

@description('The broker\'s policy document (approvers, forbiddenRoles, approvalTimeout, services); passed to the app as POLICY.')
param policy object

@description('Service Bus entities whose names start with this receive replies to replyTo (e.g. replies-); empty: no replies.')
param replyToPrefix string = ''

@description('Resource group IDs (/subscriptions/{id}/resourceGroups/{name}) where the broker may change identities and grant roles.')
param targetResourceGroupIds array = []

@description('User-assigned identity IDs the broker may attach to Automation accounts and virtual machines.')
param allowedUserAssignedIdentityIds array = []

@description('Flex Consumption scale-out limit.')
param maximumInstanceCount int = 100

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var deploymentContainerName = 'app-package-broker-${resourceToken}'

// ARM_ENDPOINT: the cloud's Resource Manager URL without its trailing slash.
var resourceManager = environment().resourceManager
var armEndpoint = endsWith(resourceManager, '/') ? take(resourceManager, length(resourceManager) - 1) : resourceManager

// The custom role's GUID is fixed by subscription and environment, so the target-scope assignments can
// name it before the definition exists (they wait for it through dependsOn).
var identityWriterRoleGuid = guid(subscription().id, 'identity-broker-identity-writer', resourceToken)

resource rg 'Microsoft.Resources/resourceGroups@2021-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: 'id-broker-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'stbroker${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'serviceBus'
  scope: rg
  params: {
    name: 'sb-broker-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-broker-${resourceToken}'
    applicationInsightsName: 'appi-broker-${resourceToken}'
    location: location
    tags: tags
  }
}

module dataPlaneRoles 'modules/dataPlaneRoles.bicep' = {
  name: 'dataPlaneRoles'
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    serviceBusNamespaceName: serviceBus.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  scope: rg
  params: {
    planName: 'plan-broker-${resourceToken}'
    appName: 'func-broker-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    deploymentContainerUri: storage.outputs.deploymentContainerUri
    blobServiceUri: storage.outputs.blobServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    armEndpoint: armEndpoint
    policyJson: string(policy)
    replyToPrefix: replyToPrefix
    maximumInstanceCount: maximumInstanceCount
  }
  // The host starts with its storage, Service Bus and telemetry access already granted.
  dependsOn: [
    dataPlaneRoles
  ]
}

module easyAuth 'modules/easyAuth.bicep' = {
  name: 'easyAuth'
  scope: rg
  params: {
    siteName: functionApp.outputs.name
    clientId: authClientId
    tenantId: empty(authTenantId) ? tenant().tenantId : authTenantId
    allowedClientApplications: allowedClientApplications
    allowedPrincipalIds: allowedCallerPrincipalIds
    allowedGroupIds: allowedCallerGroupIds
  }
}

module identityWriterRole 'modules/identityWriterRole.bicep' = if (!empty(targetResourceGroupIds)) {
  name: 'identityWriterRole-${resourceToken}'
  params: {
    roleGuid: identityWriterRoleGuid
    roleName: 'identity-broker identity writer (${environmentName}, ${resourceToken})'
    assignableScopes: targetResourceGroupIds
  }
}

// One deployment per target resource group: role assignments live at the scope they grant.
module targetScopeRoles 'modules/targetScopeRoles.bicep' = [
  for targetId in targetResourceGroupIds: {
    name: 'broker-target-${uniqueString(targetId, resourceToken)}'
    scope: resourceGroup(split(targetId, '/')[2], split(targetId, '/')[4])
    params: {
      principalId: identity.outputs.principalId
      identityWriterRoleGuid: identityWriterRoleGuid
    }
    dependsOn: [
      identityWriterRole
    ]
  }
]

// Managed Identity Operator on each allowed user-assigned identity, in that identity's resource group.
module identityOperators 'modules/identityOperator.bicep' = [
  for allowedId in allowedUserAssignedIdentityIds: {
    name: 'broker-mi-operator-${uniqueString(allowedId, resourceToken)}'
    scope: resourceGroup(split(allowedId, '/')[2], split(allowedId, '/')[4])
    params: {
      principalId: identity.outputs.principalId
      identityName: last(split(allowedId, '/'))
    }
  }
]

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output BROKER_FUNCTION_APP_NAME string = functionApp.outputs.name
output BROKER_URL string = 'https://${functionApp.outputs.defaultHostName}'
output BROKER_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output BROKER_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace
output STORAGE_ACCOUNT_NAME string = storage.outputs.name
