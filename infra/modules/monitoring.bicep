// Log Analytics and a workspace-based Application Insights that accepts only Entra ID-authenticated
// telemetry (local auth off): the app sends with its managed identity.

param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

output applicationInsightsId string = applicationInsights.id
output applicationInsightsName string = applicationInsights.name
// Not a credential: it names the ingestion endpoint, and with local auth off nothing is accepted
// without an Entra ID token. The Functions host has no other way to learn where to send telemetry.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
