// Easy Auth admits only who should call: allowed client applications always, principals and groups
// optionally, all as parameters, and the policy's approver entries match the app role the guide defines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  at,
  infraDir,
  literal,
  loadBicep,
  loadModule,
  onlyResource,
  parameters,
  repoRoot,
  variables,
} from './bicepTree.js';

async function authorizationPolicy() {
  const auth = onlyResource(await loadModule('easyAuth'), 'Microsoft.Web/sites/config');
  return at(
    auth.body,
    'properties.identityProviders.azureActiveDirectory.validation.defaultAuthorizationPolicy',
  );
}

describe('Easy Auth authorization policy', () => {
  it('admits only the client applications given as a required, non-empty parameter', async () => {
    const policy = await authorizationPolicy();
    expect(at(policy, 'allowedApplications').text).toBe('allowedClientApplications');
    const declared = parameters(await loadModule('easyAuth')).get('allowedClientApplications');
    expect(declared?.type).toBe('array');
    expect(declared?.defaultValue).toBeUndefined();
    expect(declared?.decorators).toContain('@minLength(1)');
  });

  it('restricts to principals and groups only when they are given (empty lists add no restriction)', async () => {
    const policy = await authorizationPolicy();
    expect(at(policy, 'allowedPrincipals').text).toBe('principalsPolicy');
    const easyAuth = await loadModule('easyAuth');
    expect(variables(easyAuth).get('principalsPolicy')?.text.replace(/\s+/g, ' ')).toBe(
      'union( empty(allowedPrincipalIds) ? {} : { identities: allowedPrincipalIds }, empty(allowedGroupIds) ? {} : { groups: allowedGroupIds } )',
    );
    for (const name of ['allowedPrincipalIds', 'allowedGroupIds']) {
      const p = parameters(easyAuth).get(name);
      expect(p?.type, name).toBe('array');
      expect(p?.defaultValue && literal(p.defaultValue), name).toEqual([]);
    }
  });

  it('still answers 401 to callers without a token and never redirects to a login page', async () => {
    const auth = onlyResource(await loadModule('easyAuth'), 'Microsoft.Web/sites/config');
    expect(literal(at(auth.body, 'properties.globalValidation.requireAuthentication'))).toBe(true);
    expect(literal(at(auth.body, 'properties.globalValidation.unauthenticatedClientAction'))).toBe(
      'Return401',
    );
  });

  it('main.bicep passes the allowed applications, principals and groups through from azd parameters', async () => {
    const main = parameters(await loadBicep(join(infraDir, 'main.bicep')));
    expect(main.get('allowedClientApplications')?.defaultValue).toBeUndefined();
    expect(main.get('allowedCallerPrincipalIds')?.defaultValue?.text).toBe('[]');
    expect(main.get('allowedCallerGroupIds')?.defaultValue?.text).toBe('[]');
    const file = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: Record<string, { value: unknown }>;
    };
    expect(file.parameters.allowedClientApplications?.value).toEqual(['${BROKER_AUTH_CLIENT_ID}']);
  });
});

describe('the Approver app role', () => {
  it('the default policy names approvers by the app role the deployment guide defines (role:IdentityBroker.Approver)', () => {
    const file = JSON.parse(readFileSync(join(infraDir, 'main.parameters.json'), 'utf8')) as {
      parameters: { policy: { value: { approvers: string[] } } };
    };
    expect(file.parameters.policy.value.approvers).toEqual(['role:IdentityBroker.Approver']);
    const guide = readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8');
    expect(guide).toContain('"value": "IdentityBroker.Approver"');
    expect(guide).toContain('"allowedMemberTypes": ["User"]');
  });
});
