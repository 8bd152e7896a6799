import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  type BicepFile,
  at,
  bicepPaths,
  calls,
  infraDir,
  literal,
  loadBicep,
  loadModule,
  modules,
  onlyResource,
  outputs,
  properties,
  repoRoot,
  variables,
} from './bicepTree.js';

let main: BicepFile;
let functionApp: BicepFile;
let settings: Map<string, string>;

beforeAll(async () => {
  main = await loadBicep(join(infraDir, 'main.bicep'));
  functionApp = await loadModule('functionApp');
  const appSettings = onlyResource(functionApp, 'Microsoft.Web/sites/config');
  expect(literal(at(appSettings.body, 'name'))).toBe('appsettings');
  settings = new Map([...properties(at(appSettings.body, 'properties'))].map(([k, v]) => [k, v.text]));
});

/** What main.bicep passes to the functionApp module, parameter by parameter. */
function functionAppParams(): Map<string, string> {
  const module = modules(main).find((m) => m.symbol === 'functionApp')!;
  return new Map([...properties(at(module.body, 'params'))].map(([k, v]) => [k, v.text]));
}

describe('app settings', () => {
  it('are exactly the identity-based settings the app and the Functions host read', () => {
    expect(Object.fromEntries(settings)).toEqual({
      AZURE_CLIENT_ID: 'identityClientId',
      ARM_ENDPOINT: 'armEndpoint',
      POLICY: 'policyJson',
      REPLY_TO_PREFIX: 'replyToPrefix',
      StateStorage__tableServiceUri: 'tableServiceUri',
      ServiceBusConnection__fullyQualifiedNamespace: 'serviceBusNamespace',
      ServiceBusConnection__credential: "'managedidentity'",
      ServiceBusConnection__clientId: 'identityClientId',
      AzureWebJobsStorage__blobServiceUri: 'blobServiceUri',
      AzureWebJobsStorage__tableServiceUri: 'tableServiceUri',
      AzureWebJobsStorage__credential: "'managedidentity'",
      AzureWebJobsStorage__clientId: 'identityClientId',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'applicationInsightsConnectionString',
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "'ClientId=${identityClientId};Authorization=AAD'",
    });
  });

  it('come from the identity, storage, Service Bus and monitoring modules', () => {
    expect(Object.fromEntries(functionAppParams())).toMatchObject({
      identityClientId: 'identity.outputs.clientId',
      blobServiceUri: 'storage.outputs.blobServiceUri',
      tableServiceUri: 'storage.outputs.tableServiceUri',
      serviceBusNamespace: 'serviceBus.outputs.fullyQualifiedNamespace',
      applicationInsightsConnectionString: 'monitoring.outputs.applicationInsightsConnectionString',
      armEndpoint: 'armEndpoint',
      policyJson: 'string(policy)',
      replyToPrefix: 'replyToPrefix',
    });
  });

  it('point at the services through endpoints and the user-assigned identity', async () => {
    const identity = await loadModule('identity');
    expect(outputs(identity).get('clientId')?.text).toBe('identity.properties.clientId');
    expect(onlyResource(identity, 'Microsoft.ManagedIdentity/userAssignedIdentities').symbol).toBe(
      'identity',
    );

    const storage = await loadModule('storage');
    const uri = (name: string) => outputs(storage).get(name)!.text;
    expect(uri('tableServiceUri')).toBe("'https://${account.name}.table.${storageSuffix}'");
    expect(uri('blobServiceUri')).toBe("'https://${account.name}.blob.${storageSuffix}'");
    expect(variables(storage).get('storageSuffix')?.text).toBe('environment().suffixes.storage');

    const serviceBus = await loadModule('serviceBus');
    expect(outputs(serviceBus).get('fullyQualifiedNamespace')?.text).toBe(
      "split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]",
    );
    const monitoring = await loadModule('monitoring');
    expect(outputs(monitoring).get('applicationInsightsConnectionString')?.text).toBe(
      'applicationInsights.properties.ConnectionString',
    );
  });

  it("set ARM_ENDPOINT to the cloud's Resource Manager URL without its trailing slash", () => {
    const vars = variables(main);
    expect(vars.get('resourceManager')?.text).toBe('environment().resourceManager');
    expect(vars.get('armEndpoint')?.text).toBe(
      "endsWith(resourceManager, '/') ? take(resourceManager, length(resourceManager) - 1) : resourceManager",
    );
  });

  it('leave WEBSITE_AUTH_ENABLED to the platform and the runtime to functionAppConfig (Flex Consumption)', () => {
    for (const name of ['WEBSITE_AUTH_ENABLED', 'FUNCTIONS_WORKER_RUNTIME', 'FUNCTIONS_EXTENSION_VERSION'])
      expect(settings.has(name), name).toBe(false);
  });

  it("are accepted by the app's own configuration loader as identity-based connections", () => {
    const parameterFile = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: { policy: { value: unknown } };
    };
    const sample: Record<string, string> = {
      identityClientId: '00000000-0000-0000-0000-000000000001',
      armEndpoint: 'https://management.azure.com',
      policyJson: JSON.stringify(parameterFile.parameters.policy.value),
      replyToPrefix: 'replies-',
      tableServiceUri: 'https://stbroker.table.core.windows.net',
      blobServiceUri: 'https://stbroker.blob.core.windows.net',
      serviceBusNamespace: 'sb-broker.servicebus.windows.net',
      applicationInsightsConnectionString: 'InstrumentationKey=00000000-0000-0000-0000-000000000002',
    };
    // A parameter takes its sample value; a string literal has its interpolated parameters filled in.
    const evaluate = (value: string): string =>
      /^'.*'$/.test(value)
        ? value.slice(1, -1).replace(/\$\{(\w+)\}/g, (_all, name: string) => sample[name] ?? '?')
        : (sample[value] ?? `unknown ${value}`);
    const env = Object.fromEntries([...settings].map(([name, value]) => [name, evaluate(value)]));
    expect(env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING).toBe(
      'ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD',
    );
    const config = loadConfig({ ...env, WEBSITE_AUTH_ENABLED: 'True' });
    expect(config.stateStorage).toEqual({ endpoint: 'https://stbroker.table.core.windows.net' });
    expect(config.serviceBus).toEqual({ endpoint: 'sb-broker.servicebus.windows.net' });
    expect(config.armEndpoint).toBe('https://management.azure.com');
    expect(config.trustEasyAuth).toBe(true);
    expect(config.policy.approvers).toEqual(['role:IdentityBroker.Approver']);
    expect(config.replyToPrefix).toBe('replies-');
  });
});

describe('no secrets anywhere', () => {
  it('calls no list* function (listKeys, listConnectionStrings, listAccountSas...)', async () => {
    for (const path of bicepPaths()) {
      const file = await loadBicep(path);
      const listCalls = file.root
        .descendantsOfType('call_expression')
        .map((c) => c.childForFieldName('function')?.text ?? '')
        .filter((name) => /^list/i.test(name) || /\.list/i.test(name));
      expect(listCalls, file.name).toEqual([]);
      expect(calls(file, 'listKeys'), file.name).toEqual([]);
    }
  });

  it('names no account key, shared access key, SAS or secure parameter in any infra file', () => {
    const files = [...bicepPaths(), join(infraDir, 'main.parameters.json'), join(repoRoot, 'azure.yaml')];
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      expect(text, path).not.toMatch(/AccountKey|SharedAccessKey|SharedAccessSignature|listKeys|@secure/i);
    }
  });

  it("sets no connection string but Application Insights' (an ingestion address; local auth is off)", async () => {
    const onlyApplicationInsights: Record<string, string[]> = {
      'infra/main.bicep': ['applicationInsightsConnectionString'],
      'infra/modules/functionApp.bicep': ['APPLICATIONINSIGHTS_CONNECTION_STRING'],
    };
    for (const path of bicepPaths()) {
      const file = await loadBicep(path);
      const keys = file.root
        .descendantsOfType('object_property')
        .map((p) => p.namedChildren[0])
        .filter((key) => key?.type === 'identifier' || key?.type === 'string')
        .map((key) => key?.text ?? '')
        .filter((k) => /connection_?string/i.test(k));
      expect(keys, file.name).toEqual(onlyApplicationInsights[file.name] ?? []);
    }
    const monitoring = await loadModule('monitoring');
    const insights = onlyResource(monitoring, 'Microsoft.Insights/components');
    expect(literal(at(insights.body, 'properties.DisableLocalAuth'))).toBe(true);
  });

  it('has no bare (connection string) AzureWebJobsStorage, StateStorage or ServiceBusConnection setting', () => {
    for (const name of ['AzureWebJobsStorage', 'StateStorage', 'ServiceBusConnection'])
      expect(settings.has(name), name).toBe(false);
  });
});
