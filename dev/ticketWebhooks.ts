// Signed ServiceNow and Jira deliveries as the ticket systems send them: for the local host, its sender script
// and the tests. The secrets are development secrets; in Azure the settings are Key Vault references.
import { randomBytes, randomUUID } from 'node:crypto';
import { hmacSha256 } from '../src/core/tickets/hmacSignature.js';
import { SERVICENOW_HEADER_DEFAULTS } from '../src/ticketIntakeSettings.js';
import { AUTOMATION_ACCOUNT_PLAIN } from './armSandbox/seed.js';
import { REQUESTER } from './callers.js';

export const DEV_SERVICENOW_SECRET = 'dev-servicenow-webhook-secret-not-for-production';
export const DEV_JIRA_SECRET = 'dev-jira-webhook-secret-not-for-production';

/** The Jira field IDs the local host maps (a real site's custom field IDs are its own). */
export const DEV_JIRA_FIELDS = {
  requester: 'customfield_10100',
  target: 'customfield_10101',
  operations: 'customfield_10102',
  justification: 'description',
} as const;

/** The intake settings the local host runs with unless the environment sets its own. */
export const DEV_TICKET_INTAKE_SETTINGS: Record<string, string> = {
  SERVICENOW_WEBHOOK_SECRET: DEV_SERVICENOW_SECRET,
  SERVICENOW_INSTANCE_URL: 'https://dev-broker.service-now.com',
  JIRA_WEBHOOK_SECRET: DEV_JIRA_SECRET,
  JIRA_BASE_URL: 'https://dev-broker.atlassian.net',
  JIRA_FIELD_MAP: JSON.stringify(DEV_JIRA_FIELDS),
};

const SAMPLE_OPERATIONS = [{ kind: 'enableSystemAssignedIdentity' }];

/** A RITM as the README's Business Rule posts it, with the default variable names. */
export function serviceNowBody(
  overrides: {
    number?: string;
    sysId?: string;
    requestedFor?: string;
    variables?: Record<string, unknown>;
  } = {},
): Record<string, unknown> {
  return {
    number: overrides.number ?? `RITM${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    sys_id: overrides.sysId ?? randomBytes(16).toString('hex'),
    requested_for: overrides.requestedFor ?? REQUESTER.id,
    variables: overrides.variables ?? {
      target_resource_id: AUTOMATION_ACCOUNT_PLAIN,
      operations_json: JSON.stringify(SAMPLE_OPERATIONS),
      justification: 'Patching runbook needs an identity (from ServiceNow)',
    },
  };
}

/** A `jira:issue_created` delivery as Jira Cloud sends it, trimmed to what matters, with the local field IDs. */
export function jiraBody(
  overrides: {
    key?: string;
    id?: string;
    requester?: string;
    fields?: Record<string, unknown>;
    webhookEvent?: string;
  } = {},
): Record<string, unknown> {
  const id = overrides.id ?? String(10_000 + Math.floor(Math.random() * 1e6));
  const key = overrides.key ?? `OPS-${id}`;
  return {
    timestamp: Date.now(),
    webhookEvent: overrides.webhookEvent ?? 'jira:issue_created',
    issue_event_type_name: 'issue_created',
    user: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Requester' },
    issue: {
      id,
      key,
      self: `https://dev-broker.atlassian.net/rest/api/2/issue/${id}`,
      fields: overrides.fields ?? {
        summary: 'Identity for the patching runbook',
        [DEV_JIRA_FIELDS.requester]: overrides.requester ?? REQUESTER.id,
        [DEV_JIRA_FIELDS.target]: AUTOMATION_ACCOUNT_PLAIN,
        [DEV_JIRA_FIELDS.operations]: JSON.stringify(SAMPLE_OPERATIONS),
        [DEV_JIRA_FIELDS.justification]: 'Patching runbook needs an identity (from Jira)',
      },
    },
  };
}

export const serviceNowSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${hmacSha256(secret, Buffer.from(`${timestamp}.${body}`)).toString('hex')}`;

/** The headers the README's Business Rule sets: timestamp, signature over `<timestamp>.<body>`, delivery ID. */
export function serviceNowHeaders(
  body: string,
  {
    secret = DEV_SERVICENOW_SECRET,
    now = new Date(),
    deliveryId = randomUUID() as string,
  }: { secret?: string; now?: Date; deliveryId?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'content-type': 'application/json',
    [SERVICENOW_HEADER_DEFAULTS.SERVICENOW_TIMESTAMP_HEADER]: timestamp,
    [SERVICENOW_HEADER_DEFAULTS.SERVICENOW_SIGNATURE_HEADER]: serviceNowSignature(secret, timestamp, body),
    [SERVICENOW_HEADER_DEFAULTS.SERVICENOW_DELIVERY_HEADER]: deliveryId,
  };
}

/** The headers Jira sets on a webhook with a secret. */
export function jiraHeaders(
  body: string,
  {
    secret = DEV_JIRA_SECRET,
    deliveryId = randomUUID() as string,
  }: { secret?: string; deliveryId?: string } = {},
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-hub-signature': `sha256=${hmacSha256(secret, Buffer.from(body)).toString('hex')}`,
    'x-atlassian-webhook-identifier': deliveryId,
  };
}
