// App Service Authentication (Easy Auth) with Entra ID in front of the function app: callers without a
// valid token get 401, except on the health probe, the API description and the signed ticket webhooks; a token from an application (or, optionally, for a
// principal or group) not allowed gets 403. The platform then sets WEBSITE_AUTH_ENABLED=True,
// which is what makes the app trust the x-ms-client-principal-* headers.

param siteName string

@description('Client ID of the Entra ID app registration callers request tokens for.')
param clientId string

@description('Entra ID tenant that issues the tokens.')
param tenantId string

@minLength(1)
@description('Client IDs of the applications allowed to call the broker (the token\'s appid/azp claim); nobody else gets past Easy Auth.')
param allowedClientApplications array

@description('Optional: object IDs of the only users or service principals admitted (the oid claim); empty: any caller of an allowed application.')
param allowedPrincipalIds array = []

@description('Optional: object IDs of groups whose members alone are admitted (the groups claim); empty: no group restriction.')
param allowedGroupIds array = []

// Easy Auth's built-in authorization policy: a token from an application not listed, or (when given) for
// a principal or group not listed, is refused with 403 before the app runs.
var principalsPolicy = union(
  empty(allowedPrincipalIds) ? {} : { identities: allowedPrincipalIds },
  empty(allowedGroupIds) ? {} : { groups: allowedGroupIds }
)

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: siteName
}

resource authSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      // The health probe and the OpenAPI description answer anyone: they name no request and no caller,
      // and API tooling fetches the description before it has a token. The ticket systems cannot get Entra
      // tokens for the broker: their webhooks are authenticated by an HMAC signature the broker checks
      // itself (README "Ticket intake").
      excludedPaths: [
        '/api/health'
        '/api/openapi.json'
        '/api/tickets/servicenow'
        '/api/tickets/jira'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            clientId
            'api://${clientId}'
          ]
          defaultAuthorizationPolicy: {
            allowedApplications: allowedClientApplications
            allowedPrincipals: principalsPolicy
          }
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}
