import { DEFAULT_SERVICENOW_VARIABLES, type ServiceNowVariableMap } from './core/tickets/serviceNowTicket.js';
import type { JiraFieldMap, JiraIntakeTrigger } from './core/tickets/jiraTicket.js';
import { TICKET_FIELDS } from './core/tickets/ticketFields.js';

type Env = Record<string, string | undefined>;

/** The ServiceNow intake: on when SERVICENOW_WEBHOOK_SECRET is set. */
export interface ServiceNowIntake {
  secret: string;
  /** `https://<instance>.service-now.com`: the RITM's link is `<instanceUrl>/sc_req_item.do?sys_id=<sys_id>`. */
  instanceUrl: string;
  /** Header names, lower-case as the worker hands headers over. */
  signatureHeader: string;
  timestampHeader: string;
  deliveryHeader: string;
  variables: ServiceNowVariableMap;
}

/** The Jira intake: on when JIRA_WEBHOOK_SECRET is set. */
export interface JiraIntake {
  secret: string;
  /** `https://<site>.atlassian.net` or the Data Center base URL: issues link to `<baseUrl>/browse/<key>`. */
  baseUrl: string;
  fields: JiraFieldMap;
  trigger: JiraIntakeTrigger;
}

export interface TicketIntakeSettings {
  serviceNow?: ServiceNowIntake;
  jira?: JiraIntake;
}

export const SERVICENOW_HEADER_DEFAULTS = {
  SERVICENOW_SIGNATURE_HEADER: 'x-servicenow-signature',
  SERVICENOW_TIMESTAMP_HEADER: 'x-servicenow-timestamp',
  SERVICENOW_DELIVERY_HEADER: 'x-servicenow-delivery-id',
} as const;

const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function secret(env: Env, name: string, problems: string[]): string | undefined {
  const value = env[name];
  if (!value) return undefined;
  // The platform puts the secret in place of the reference; a reference left as it is was not resolved.
  if (/^@Microsoft\.KeyVault\(/i.test(value))
    problems.push(
      `${name} is an unresolved Key Vault reference: give the app's identity Key Vault Secrets User on the vault and check the SecretUri`,
    );
  else if (value.length < 32) problems.push(`${name} must be at least 32 characters`);
  return value;
}

function baseUrl(env: Env, name: string, needed: string, problems: string[]): string | undefined {
  const value = env[name];
  if (!value) {
    problems.push(`${name} is not set (${needed} is)`);
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const loopback = url?.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(url.hostname);
  if (!url || (url.protocol !== 'https:' && !loopback) || url.search || url.hash) {
    problems.push(`${name} must be an https URL (http only on loopback), not "${value}"`);
    return undefined;
  }
  return value.replace(/\/+$/, '');
}

function jsonObject(env: Env, name: string, problems: string[]): Record<string, unknown> | undefined {
  const text = env[name];
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    problems.push(`${name} is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${name} must be a JSON object`);
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** A JSON object of request field to ticket field, each key known and each value a plain field name. */
function fieldMap(
  name: string,
  map: Record<string, unknown>,
  keys: readonly string[],
  problems: string[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!keys.includes(key)) problems.push(`${name}.${key}: not a field (${keys.join(', ')})`);
    else if (typeof value !== 'string' || !FIELD_NAME.test(value))
      problems.push(
        `${name}.${key}: must be a field name (letters, digits, "_", "-", "."), not ${JSON.stringify(value)}`,
      );
    else out[key] = value;
  }
  return out;
}

function header(env: Env, name: keyof typeof SERVICENOW_HEADER_DEFAULTS, problems: string[]): string {
  const value = env[name] || SERVICENOW_HEADER_DEFAULTS[name];
  if (!HEADER_NAME.test(value)) problems.push(`${name} must be an HTTP header name, not "${value}"`);
  return value.toLowerCase();
}

function readServiceNow(env: Env, problems: string[]): ServiceNowIntake | undefined {
  const key = secret(env, 'SERVICENOW_WEBHOOK_SECRET', problems);
  if (!key) {
    if (env.SERVICENOW_VARIABLE_MAP)
      problems.push('SERVICENOW_WEBHOOK_SECRET is not set (SERVICENOW_VARIABLE_MAP is)');
    return undefined;
  }
  const instanceUrl = baseUrl(env, 'SERVICENOW_INSTANCE_URL', 'SERVICENOW_WEBHOOK_SECRET', problems);
  const overrides = jsonObject(env, 'SERVICENOW_VARIABLE_MAP', problems) ?? {};
  const variables = {
    ...DEFAULT_SERVICENOW_VARIABLES,
    ...fieldMap('SERVICENOW_VARIABLE_MAP', overrides, TICKET_FIELDS, problems),
  };
  const headers = {
    signatureHeader: header(env, 'SERVICENOW_SIGNATURE_HEADER', problems),
    timestampHeader: header(env, 'SERVICENOW_TIMESTAMP_HEADER', problems),
    deliveryHeader: header(env, 'SERVICENOW_DELIVERY_HEADER', problems),
  };
  if (new Set(Object.values(headers)).size < 3)
    problems.push('the SERVICENOW_*_HEADER settings must name three different headers');
  if (!instanceUrl) return undefined;
  return { secret: key, instanceUrl, ...headers, variables };
}

const JIRA_KEYS = ['requester', ...TICKET_FIELDS] as const;

function readJira(env: Env, problems: string[]): JiraIntake | undefined {
  const key = secret(env, 'JIRA_WEBHOOK_SECRET', problems);
  if (!key) {
    if (env.JIRA_FIELD_MAP) problems.push('JIRA_WEBHOOK_SECRET is not set (JIRA_FIELD_MAP is)');
    return undefined;
  }
  const base = baseUrl(env, 'JIRA_BASE_URL', 'JIRA_WEBHOOK_SECRET', problems);
  const map = jsonObject(env, 'JIRA_FIELD_MAP', problems);
  if (!map && !env.JIRA_FIELD_MAP) problems.push('JIRA_FIELD_MAP is not set (JIRA_WEBHOOK_SECRET is)');
  const fields = fieldMap('JIRA_FIELD_MAP', map ?? {}, JIRA_KEYS, problems);
  // Custom field IDs differ on every site: these cannot have a default.
  for (const required of ['requester', 'target'] as const)
    if (map && !fields[required])
      problems.push(`JIRA_FIELD_MAP.${required} is required (a field ID such as customfield_10050)`);
  if (map && !fields.operations && !fields.operationKind)
    problems.push(
      'JIRA_FIELD_MAP must name operations (a JSON field) or operationKind (and the fields it needs)',
    );
  const status = env.JIRA_INTAKE_STATUS?.trim();
  if (!base || !map || !fields.requester || !fields.target) return undefined;
  return {
    secret: key,
    baseUrl: base,
    fields: {
      ...fields,
      requester: fields.requester,
      target: fields.target,
      justification: fields.justification ?? 'description',
    },
    trigger: status ? { on: 'status', status } : { on: 'created' },
  };
}

/** Reads the SERVICENOW_* and JIRA_* intake settings, naming every problem; an intake without its secret is off. */
export function readTicketIntakeSettings(env: Env, problems: string[]): TicketIntakeSettings {
  const serviceNow = readServiceNow(env, problems);
  const jira = readJira(env, problems);
  return { ...(serviceNow ? { serviceNow } : {}), ...(jira ? { jira } : {}) };
}
