import { readFileSync } from 'node:fs';
import { type PolicyDocument, policyDocumentSchema } from './core/policy/policyDocument.js';
import { toFieldErrors } from './core/requestSchema.js';
import { type ArmBudgetSettings, readArmBudgetSettings } from './armBudgetSettings.js';
import { type NotificationSettings, readNotificationSettings } from './notificationSettings.js';
import { readTicketIntakeSettings, type TicketIntakeSettings } from './ticketIntakeSettings.js';
import { readTicketWriteBackSettings, type TicketWriteBackSettings } from './ticketWriteBackSettings.js';

/** A connection string (local only) or, in Azure, an identity-based endpoint. */
export type Connection = { connectionString: string } | { endpoint: string };

export interface Config {
  /** Base URL and token audience for Azure Resource Manager. */
  armEndpoint: string;
  /** ARM's write bucket the executor paces its changes to (ARM_WRITE_*); absent: pacing is off. */
  armWriteBudget?: ArmBudgetSettings;
  policy: PolicyDocument;
  stateStorage: Connection;
  serviceBus?: Connection;
  /** Easy Auth is on, so its identity headers were set by the platform. */
  trustEasyAuth: boolean;
  /** Replies to `replyTo` go only to entities whose names start with this; unset: no replies. */
  replyToPrefix?: string;
  /** HTTP submissions one caller may make per minute (each plans against ARM). */
  submissionsPerCallerPerMinute: number;
  /** Where approvers are told of requests (NOTIFY_*); absent: nowhere. */
  notifications?: NotificationSettings;
  /** RETENTION_DAYS: finished requests older than this many days are pruned by the sweeper; absent: never. */
  retentionDays?: number;
  /** Where outcomes are written back to the ticket a request came from (SERVICENOW_*, JIRA_*); absent: nowhere. */
  ticketWriteBack?: TicketWriteBackSettings;
  /** The ServiceNow and Jira webhook intakes (SERVICENOW_*, JIRA_*); each off unless its secret is set. */
  ticketIntake: TicketIntakeSettings;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`identity-broker is not configured: ${problems.join('; ')}`);
  }
}

type Env = Record<string, string | undefined>;

function connection(env: Env, name: string, identityKey: string, problems: string[]): Connection | undefined {
  const connectionString = env[name];
  const endpoint = env[`${name}__${identityKey}`];
  if (connectionString) return { connectionString };
  if (endpoint) return { endpoint };
  problems.push(`${name}__${identityKey} (or, locally, ${name}) is not set`);
  return undefined;
}

function readPolicy(
  env: Env,
  problems: string[],
  readFile: (path: string) => string,
): PolicyDocument | undefined {
  if (env.POLICY && env.POLICY_FILE) {
    problems.push('set POLICY or POLICY_FILE, not both');
    return undefined;
  }
  let text = env.POLICY;
  if (!text && env.POLICY_FILE) {
    try {
      text = readFile(env.POLICY_FILE);
    } catch (e) {
      problems.push(`POLICY_FILE ${env.POLICY_FILE} cannot be read: ${(e as Error).message}`);
      return undefined;
    }
  }
  if (!text) {
    problems.push('POLICY_FILE (or POLICY) is not set');
    return undefined;
  }
  // Every policy problem names where the policy came from, so the operator knows which setting to fix.
  const setting = env.POLICY ? 'POLICY' : `POLICY_FILE ${env.POLICY_FILE}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(`${setting} is not valid JSON: ${(e as Error).message}`);
    return undefined;
  }
  const parsed = policyDocumentSchema.safeParse(json);
  if (!parsed.success) {
    problems.push(
      ...toFieldErrors(parsed.error).map((f) => `${setting}: ${f.path ? `${f.path} ` : ''}${f.message}`),
    );
    return undefined;
  }
  return parsed.data;
}

// The start of a Service Bus queue or topic name: letters, digits, ".", "_", "-" and "/" (260 at most).
const ENTITY_PREFIX = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,258}$/;

function readReplyToPrefix(env: Env, problems: string[]): string | undefined {
  const prefix = env.REPLY_TO_PREFIX;
  if (!prefix) return undefined;
  if (!ENTITY_PREFIX.test(prefix) || prefix.includes('//'))
    problems.push(
      `REPLY_TO_PREFIX must be the start of a Service Bus entity name (letters, digits, ".", "_", "-", "/"), not "${prefix}"`,
    );
  return prefix;
}

export const DEFAULT_SUBMISSIONS_PER_CALLER_PER_MINUTE = 10;

function readSubmissionLimit(env: Env, problems: string[]): number {
  const text = env.SUBMISSIONS_PER_CALLER_PER_MINUTE;
  if (text === undefined || text === '') return DEFAULT_SUBMISSIONS_PER_CALLER_PER_MINUTE;
  const value = /^[1-9][0-9]{0,4}$/.test(text) ? Number(text) : NaN;
  if (!(value <= 10_000)) {
    problems.push(`SUBMISSIONS_PER_CALLER_PER_MINUTE must be a whole number from 1 to 10000, not "${text}"`);
    return DEFAULT_SUBMISSIONS_PER_CALLER_PER_MINUTE;
  }
  return value;
}

function readRetentionDays(env: Env, problems: string[]): number | undefined {
  const text = env.RETENTION_DAYS;
  if (text === undefined || text === '') return undefined;
  const value = /^[1-9][0-9]{0,4}$/.test(text) ? Number(text) : NaN;
  if (!(value <= 36_500)) {
    problems.push(`RETENTION_DAYS must be a whole number of days from 1 to 36500, not "${text}"`);
    return undefined;
  }
  return value;
}

/** Reads and checks every setting once, and names every one that is missing or wrong. */
export function loadConfig(
  env: Env,
  { requireServiceBus = true, readFile = (p: string) => readFileSync(p, 'utf8') } = {},
): Config {
  const problems: string[] = [];
  const armEndpoint = (env.ARM_ENDPOINT ?? 'https://management.azure.com').replace(/\/+$/, '');
  if (!/^https:\/\/[^/]+$/.test(armEndpoint))
    problems.push(`ARM_ENDPOINT must be an https origin, not ${armEndpoint}`);
  const policy = readPolicy(env, problems, readFile);
  const armWriteBudget = readArmBudgetSettings(env, problems);
  const replyToPrefix = readReplyToPrefix(env, problems);
  const submissionsPerCallerPerMinute = readSubmissionLimit(env, problems);
  const notifications = readNotificationSettings(env, problems);
  const retentionDays = readRetentionDays(env, problems);
  const ticketIntake = readTicketIntakeSettings(env, problems);
  const ticketWriteBack = readTicketWriteBackSettings(env, problems);
  const stateStorage = connection(env, 'StateStorage', 'tableServiceUri', problems);
  const serviceBus = requireServiceBus
    ? connection(env, 'ServiceBusConnection', 'fullyQualifiedNamespace', problems)
    : undefined;
  if (problems.length > 0 || !policy || !stateStorage) throw new ConfigError(problems);
  return {
    armEndpoint,
    ...(armWriteBudget ? { armWriteBudget } : {}),
    policy,
    stateStorage,
    ...(serviceBus ? { serviceBus } : {}),
    trustEasyAuth: (env.WEBSITE_AUTH_ENABLED ?? '').toLowerCase() === 'true',
    ...(replyToPrefix ? { replyToPrefix } : {}),
    submissionsPerCallerPerMinute,
    ...(notifications ? { notifications } : {}),
    ...(retentionDays === undefined ? {} : { retentionDays }),
    ...(ticketWriteBack ? { ticketWriteBack } : {}),
    ticketIntake,
  };
}
