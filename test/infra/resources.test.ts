import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTAKE_QUEUE,
  INTAKE_REJECTED_QUEUE,
  NOTIFICATION_RETRIES_QUEUE,
  OPERATIONS_QUEUE,
} from '../../src/adapters/serviceBus/queueNames.js';
import {
  GRANT_LEDGER_TABLE,
  IDEMPOTENCY_TABLE,
  REQUESTS_TABLE,
} from '../../src/adapters/tables/tableNames.js';
import { policyDocumentSchema } from '../../src/core/policy/policyDocument.js';
import {
  at,
  infraDir,
  literal,
  loadBicep,
  loadModule,
  modules,
  onlyResource,
  parameters,
  properties,
  repoRoot,
  resourcesOfType,
} from './bicepTree.js';

describe('storage', () => {
  it('refuses shared keys and anonymous access', async () => {
    const account = onlyResource(await loadModule('storage'), 'Microsoft.Storage/storageAccounts');
    expect(literal(at(account.body, 'properties'))).toMatchObject({
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
    });
  });

  it('holds the two state tables the app uses and a private deployment container', async () => {
    const storage = await loadModule('storage');
    const tables = resourcesOfType(storage, 'Microsoft.Storage/storageAccounts/tableServices/tables');
    expect(tables.map((t) => literal(at(t.body, 'name')))).toEqual([
      REQUESTS_TABLE,
      IDEMPOTENCY_TABLE,
      GRANT_LEDGER_TABLE,
    ]);
    expect([REQUESTS_TABLE, IDEMPOTENCY_TABLE, GRANT_LEDGER_TABLE]).toEqual([
      'IdentityRequests',
      'IdentityRequestKeys',
      'GrantLedger',
    ]);
    const container = onlyResource(storage, 'Microsoft.Storage/storageAccounts/blobServices/containers');
    expect(at(container.body, 'name').text).toBe('deploymentContainerName');
    expect(literal(at(container.body, 'properties.publicAccess'))).toBe('None');
  });
});

describe('Service Bus', () => {
  it('has local (SAS) authentication off on a Standard namespace', async () => {
    const namespace = onlyResource(await loadModule('serviceBus'), 'Microsoft.ServiceBus/namespaces');
    expect(literal(at(namespace.body, 'properties.disableLocalAuth'))).toBe(true);
    expect(literal(at(namespace.body, 'sku'))).toEqual({ name: 'Standard', tier: 'Standard' });
  });

  it('has the intake queue with dead-lettering, the rejected queue, and the operations queue with sessions and duplicate detection', async () => {
    const serviceBus = await loadModule('serviceBus');
    const queues = new Map(
      resourcesOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/queues').map((q) => [
        literal(at(q.body, 'name')),
        literal(at(q.body, 'properties')),
      ]),
    );
    expect([...queues.keys()]).toEqual([
      INTAKE_QUEUE,
      INTAKE_REJECTED_QUEUE,
      OPERATIONS_QUEUE,
      NOTIFICATION_RETRIES_QUEUE,
    ]);
    // A retry scheduled twice (its event delivered again) has one messageId: kept once.
    expect(queues.get(NOTIFICATION_RETRIES_QUEUE)).toEqual({
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
      maxDeliveryCount: 10,
      deadLetteringOnMessageExpiration: true,
      lockDuration: 'PT1M',
      defaultMessageTimeToLive: 'P1D',
    });
    expect(queues.get('identity-requests')).toEqual({
      maxDeliveryCount: 10,
      deadLetteringOnMessageExpiration: true,
      lockDuration: 'PT1M',
      defaultMessageTimeToLive: 'P14D',
    });
    // Refused intake messages wait for an operator; a refusal forwarded twice is kept once.
    expect(queues.get('identity-requests-rejected')).toEqual({
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
      maxDeliveryCount: 10,
      deadLetteringOnMessageExpiration: true,
      lockDuration: 'PT1M',
      defaultMessageTimeToLive: 'P90D',
    });
    expect(queues.get('identity-operations')).toEqual({
      requiresSession: true,
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
      maxDeliveryCount: 10,
      deadLetteringOnMessageExpiration: true,
      lockDuration: 'PT1M',
      defaultMessageTimeToLive: 'P14D',
    });
    const topics = resourcesOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/topics');
    expect(topics.map((t) => literal(at(t.body, 'name')))).toEqual(['identity-request-events']);
    // Events carry messageId = request ID + version: duplicate detection drops a resent one.
    expect(literal(at(topics[0]!.body, 'properties'))).toEqual({
      requiresDuplicateDetection: true,
      duplicateDetectionHistoryTimeWindow: 'PT10M',
      defaultMessageTimeToLive: 'P14D',
    });
    const subscriptions = resourcesOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/topics/subscriptions');
    expect(subscriptions.map((t) => literal(at(t.body, 'name')))).toEqual([
      'ticket-write-back',
      'notifications',
    ]);
  });
});

describe('function app', () => {
  it('runs on a Linux Flex Consumption plan with Node 22', async () => {
    const functionApp = await loadModule('functionApp');
    const plan = onlyResource(functionApp, 'Microsoft.Web/serverfarms');
    expect(literal(at(plan.body, 'sku'))).toEqual({ name: 'FC1', tier: 'FlexConsumption' });
    expect(literal(at(plan.body, 'properties.reserved'))).toBe(true);
    const site = onlyResource(functionApp, 'Microsoft.Web/sites');
    expect(literal(at(site.body, 'kind'))).toBe('functionapp,linux');
    expect(literal(at(site.body, 'properties.httpsOnly'))).toBe(true);
    expect(literal(at(site.body, 'properties.functionAppConfig.runtime'))).toEqual({
      name: 'node',
      version: '22',
    });
    expect(at(site.body, 'tags').text).toBe("union(tags, { 'azd-service-name': 'broker' })");
  });

  it('runs as the user-assigned identity and deploys from blob storage with it', async () => {
    const site = onlyResource(await loadModule('functionApp'), 'Microsoft.Web/sites');
    expect(literal(at(site.body, 'identity.type'))).toBe('UserAssigned');
    expect([...properties(at(site.body, 'identity.userAssignedIdentities')).keys()]).toEqual([
      '${identityId}',
    ]);
    const storage = at(site.body, 'properties.functionAppConfig.deployment.storage');
    expect(literal(at(storage, 'type'))).toBe('blobContainer');
    expect(at(storage, 'value').text).toBe('deploymentContainerUri');
    expect(literal(at(storage, 'authentication.type'))).toBe('UserAssignedIdentity');
    expect(at(storage, 'authentication.userAssignedIdentityResourceId').text).toBe('identityId');
  });

  it('allows no basic (FTP or SCM) publishing credentials', async () => {
    const policies = resourcesOfType(
      await loadModule('functionApp'),
      'Microsoft.Web/sites/basicPublishingCredentialsPolicies',
    );
    expect(policies.map((p) => literal(p.body))).toEqual([
      { name: 'ftp', properties: { allow: false } },
      { name: 'scm', properties: { allow: false } },
    ]);
  });
});

/** The README's HTTP API table: each route (under `/api`) with who may call it. */
function documentedRoutes(): Array<{ route: string; who: string }> {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('## HTTP API (`/api`)')).split('\n\n')[1] ?? '';
  return table
    .split('\n')
    .map((line) => /^\| `[A-Z]+ (\/[^`?]*)[^`]*` \| ([^|]+) \|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ route: `/api${m[1]}`, who: (m[2] ?? '').trim() }));
}

describe('Easy Auth (authsettingsV2)', () => {
  it('answers 401 to unauthenticated callers except on /api/health, the API description and the ticket webhooks (they are signed)', async () => {
    const auth = onlyResource(await loadModule('easyAuth'), 'Microsoft.Web/sites/config');
    expect(literal(at(auth.body, 'name'))).toBe('authsettingsV2');
    expect(literal(at(auth.body, 'properties.platform.enabled'))).toBe(true);
    expect(literal(at(auth.body, 'properties.globalValidation'))).toEqual({
      requireAuthentication: true,
      unauthenticatedClientAction: 'Return401',
      excludedPaths: ['/api/health', '/api/openapi.json', '/api/tickets/servicenow', '/api/tickets/jira'],
    });
  });

  it('lets through unauthenticated exactly the routes the README says need no Easy Auth caller', async () => {
    const auth = onlyResource(await loadModule('easyAuth'), 'Microsoft.Web/sites/config');
    const excluded = literal(at(auth.body, 'properties.globalValidation.excludedPaths')) as string[];
    const routes = documentedRoutes();
    expect(routes.length).toBeGreaterThan(10);
    const open = routes
      .filter(({ who }) => who === 'anyone' || who.includes('no Easy Auth caller'))
      .map(({ route }) => route);
    expect([...open].sort()).toEqual([...excluded].sort());
  });

  it('validates Entra ID tokens for the app registration and tenant given as parameters', async () => {
    const easyAuth = await loadModule('easyAuth');
    const aad = at(onlyResource(easyAuth, 'Microsoft.Web/sites/config').body, 'properties.identityProviders');
    expect([...properties(aad).keys()]).toEqual(['azureActiveDirectory']);
    expect(literal(at(aad, 'azureActiveDirectory.enabled'))).toBe(true);
    expect(at(aad, 'azureActiveDirectory.registration.clientId').text).toBe('clientId');
    expect(at(aad, 'azureActiveDirectory.registration.openIdIssuer').text).toBe(
      "'${environment().authentication.loginEndpoint}${tenantId}/v2.0'",
    );
    const main = await loadBicep(join(infraDir, 'main.bicep'));
    const module = modules(main).find((m) => m.path === 'modules/easyAuth.bicep')!;
    expect(literal(at(module.body, 'name'))).toBe('easyAuth');
    expect(
      Object.fromEntries([...properties(at(module.body, 'params'))].map(([k, v]) => [k, v.text])),
    ).toEqual({
      siteName: 'functionApp.outputs.name',
      clientId: 'authClientId',
      tenantId: 'empty(authTenantId) ? tenant().tenantId : authTenantId',
      allowedClientApplications: 'allowedClientApplications',
      allowedPrincipalIds: 'allowedCallerPrincipalIds',
      allowedGroupIds: 'allowedCallerGroupIds',
    });
  });
});

describe('Application Insights', () => {
  it('accepts only Entra ID-authenticated telemetry and keeps it in Log Analytics', async () => {
    const insights = onlyResource(await loadModule('monitoring'), 'Microsoft.Insights/components');
    expect(literal(at(insights.body, 'properties.DisableLocalAuth'))).toBe(true);
    expect(at(insights.body, 'properties.WorkspaceResourceId').text).toBe('workspace.id');
  });
});

describe('azd layout', () => {
  it('azure.yaml names the one service, broker, a TypeScript function app at the project root', () => {
    const yaml = readFileSync(join(repoRoot, 'azure.yaml'), 'utf8');
    expect(yaml).toMatch(/^name: identity-broker$/m);
    const services = yaml.slice(yaml.indexOf('\nservices:\n') + 1);
    expect(services).toBe(
      ['services:', '  broker:', '    project: .', '    language: ts', '    host: function', ''].join('\n'),
    );
  });

  it('main.parameters.json sets every required parameter of main.bicep and nothing else', async () => {
    const file = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    const declared = parameters(await loadBicep(join(infraDir, 'main.bicep')));
    for (const name of Object.keys(file.parameters)) expect(declared.has(name), name).toBe(true);
    const required = [...declared].filter(([, p]) => !p.defaultValue).map(([name]) => name);
    expect(required).toEqual([
      'environmentName',
      'location',
      'authClientId',
      'allowedClientApplications',
      'policy',
    ]);
    for (const name of required) expect(file.parameters[name], name).toBeDefined();
    expect(file.parameters.environmentName?.value).toBe('${AZURE_ENV_NAME}');
    expect(file.parameters.location?.value).toBe('${AZURE_LOCATION}');
  });

  it('main.parameters.json holds a policy the app accepts', () => {
    const file = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: { policy: { value: unknown } };
    };
    const parsed = policyDocumentSchema.safeParse(file.parameters.policy.value);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.forbiddenRoles).toEqual([
      'Owner',
      'User Access Administrator',
      'Role Based Access Control Administrator',
    ]);
  });
});
