import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICENOW_VARIABLES } from '../src/core/tickets/serviceNowTicket.js';
import { readTicketIntakeSettings } from '../src/ticketIntakeSettings.js';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readTicketIntakeSettings(env, problems), problems };
};
const SECRET = 's'.repeat(32);
const FIELDS = JSON.stringify({
  requester: 'customfield_1',
  target: 'customfield_2',
  operations: 'customfield_3',
});

describe('ticket intake settings', () => {
  it('turns neither intake on without its secret', () => {
    expect(read({ SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com' })).toEqual({
      settings: {},
      problems: [],
    });
  });

  it('reads ServiceNow with the default headers and variables, and overrides any of them', () => {
    const base = {
      SERVICENOW_WEBHOOK_SECRET: SECRET,
      SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com/',
    };
    expect(read(base)).toEqual({
      settings: {
        serviceNow: {
          secret: SECRET,
          instanceUrl: 'https://contoso.service-now.com',
          signatureHeader: 'x-servicenow-signature',
          timestampHeader: 'x-servicenow-timestamp',
          deliveryHeader: 'x-servicenow-delivery-id',
          variables: DEFAULT_SERVICENOW_VARIABLES,
        },
      },
      problems: [],
    });
    const custom = read({
      ...base,
      SERVICENOW_SIGNATURE_HEADER: 'X-Signature',
      SERVICENOW_VARIABLE_MAP: JSON.stringify({ target: 'u_resource_id' }),
    }).settings.serviceNow;
    expect([custom?.signatureHeader, custom?.variables.target, custom?.variables.role]).toEqual([
      'x-signature',
      'u_resource_id',
      'role',
    ]);
  });

  it('reads Jira: the field map is required, justification defaults to the description, the trigger to creation', () => {
    const base = {
      JIRA_WEBHOOK_SECRET: SECRET,
      JIRA_BASE_URL: 'https://contoso.atlassian.net',
      JIRA_FIELD_MAP: FIELDS,
    };
    expect(read(base).settings.jira).toEqual({
      secret: SECRET,
      baseUrl: 'https://contoso.atlassian.net',
      fields: {
        requester: 'customfield_1',
        target: 'customfield_2',
        operations: 'customfield_3',
        justification: 'description',
      },
      trigger: { on: 'created' },
    });
    expect(read({ ...base, JIRA_INTAKE_STATUS: 'Ready for broker' }).settings.jira?.trigger).toEqual({
      on: 'status',
      status: 'Ready for broker',
    });
  });

  it('names every problem at once, and the intake stays off', () => {
    const { settings, problems } = read({
      SERVICENOW_WEBHOOK_SECRET: 'short',
      SERVICENOW_INSTANCE_URL: 'http://contoso.service-now.com',
      SERVICENOW_VARIABLE_MAP: JSON.stringify({ targt: 'x', role: 'has space' }),
      SERVICENOW_TIMESTAMP_HEADER: 'x-servicenow-signature',
      JIRA_WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/jira/)',
      JIRA_FIELD_MAP: JSON.stringify({ target: 'customfield_2' }),
    });
    expect(settings).toEqual({});
    expect(problems).toEqual([
      'SERVICENOW_WEBHOOK_SECRET must be at least 32 characters',
      'SERVICENOW_INSTANCE_URL must be an https URL (http only on loopback), not "http://contoso.service-now.com"',
      'SERVICENOW_VARIABLE_MAP.targt: not a field (target, justification, operations, operationKind, identity, principal, role, scope, duration)',
      'SERVICENOW_VARIABLE_MAP.role: must be a field name (letters, digits, "_", "-", "."), not "has space"',
      'the SERVICENOW_*_HEADER settings must name three different headers',
      "JIRA_WEBHOOK_SECRET is an unresolved Key Vault reference: give the app's identity Key Vault Secrets User on the vault and check the SecretUri",
      'JIRA_BASE_URL is not set (JIRA_WEBHOOK_SECRET is)',
      'JIRA_FIELD_MAP.requester is required (a field ID such as customfield_10050)',
      'JIRA_FIELD_MAP must name operations (a JSON field) or operationKind (and the fields it needs)',
    ]);
  });

  it('refuses a mapping without its secret, and a map that is not a JSON object', () => {
    expect(read({ SERVICENOW_VARIABLE_MAP: '{}', JIRA_FIELD_MAP: FIELDS }).problems).toEqual([
      'SERVICENOW_WEBHOOK_SECRET is not set (SERVICENOW_VARIABLE_MAP is)',
      'JIRA_WEBHOOK_SECRET is not set (JIRA_FIELD_MAP is)',
    ]);
    expect(
      read({ JIRA_WEBHOOK_SECRET: SECRET, JIRA_BASE_URL: 'https://j.example', JIRA_FIELD_MAP: '[1]' })
        .problems,
    ).toEqual(['JIRA_FIELD_MAP must be a JSON object']);
  });
});
