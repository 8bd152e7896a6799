import { url } from './notificationSettings.js';
import { REQUEST_STATES, type RequestState } from './core/requestState.js';

type Env = Record<string, string | undefined>;

/** How the broker authenticates to ServiceNow's Table API. */
export type ServiceNowAuth =
  /** Its own managed identity's token for this scope (ServiceNow trusts Entra ID through an OIDC provider). */
  { kind: 'managedIdentity'; scope: string } | { kind: 'basic'; username: string; password: string };

export interface ServiceNowWriteBack {
  instanceUrl: string;
  auth: ServiceNowAuth;
}

/** Jira state names a transition may be configured for: the outcomes a ticket is told of. */
export type JiraTransitionState = Exclude<RequestState, 'applying'>;
export const JIRA_TRANSITION_STATES: readonly JiraTransitionState[] = REQUEST_STATES.filter(
  (state): state is JiraTransitionState => state !== 'applying',
);

export interface JiraWriteBack {
  baseUrl: string;
  /** Cloud: REST v3, Atlassian Document Format, basic auth with an API token; Data Center: v2, wiki text, a PAT. */
  deployment: 'cloud' | 'dataCenter';
  /** The `Authorization` header value. */
  authorization: string;
  /** Transition ID to move the issue through when the request reaches that state. */
  transitions: Partial<Record<JiraTransitionState, string>>;
}

/** Where requests' outcomes are written back; each system is on when its credentials are set. */
export interface TicketWriteBackSettings {
  serviceNow?: ServiceNowWriteBack;
  jira?: JiraWriteBack;
  /** The app's public origin (APPROVAL_PAGE_BASE_URL): each note links to the request's page. */
  approvalPageBaseUrl: string;
}

function readServiceNow(env: Env, problems: string[]): ServiceNowWriteBack | undefined {
  const scope = env.SERVICENOW_TOKEN_SCOPE;
  const username = env.SERVICENOW_USERNAME;
  const password = env.SERVICENOW_PASSWORD;
  if (!scope && !username && !password) return undefined;
  const instanceUrl = url(env, 'SERVICENOW_INSTANCE_URL', problems);
  if (!env.SERVICENOW_INSTANCE_URL)
    problems.push('SERVICENOW_INSTANCE_URL is not set (ServiceNow write-back credentials are)');
  if (scope && (username || password))
    problems.push('set SERVICENOW_TOKEN_SCOPE or SERVICENOW_USERNAME/SERVICENOW_PASSWORD, not both');
  if (scope && !/^\S+\/\.default$/.test(scope))
    problems.push(
      `SERVICENOW_TOKEN_SCOPE must be the audience of ServiceNow's OIDC provider entry with "/.default" (api://<app ID>/.default), not "${scope}"`,
    );
  if (!scope && !username) problems.push('SERVICENOW_USERNAME is not set (SERVICENOW_PASSWORD is)');
  if (!scope && !password) problems.push('SERVICENOW_PASSWORD is not set (SERVICENOW_USERNAME is)');
  if (!instanceUrl) return undefined;
  if (scope) return { instanceUrl, auth: { kind: 'managedIdentity', scope } };
  if (username && password) return { instanceUrl, auth: { kind: 'basic', username, password } };
  return undefined;
}

function readTransitions(env: Env, problems: string[]): JiraWriteBack['transitions'] {
  const text = env.JIRA_TRANSITIONS;
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(`JIRA_TRANSITIONS is not valid JSON: ${(e as Error).message}`);
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    problems.push('JIRA_TRANSITIONS must be a JSON object of state to transition ID ({"succeeded":"31"})');
    return {};
  }
  const transitions: JiraWriteBack['transitions'] = {};
  for (const [state, id] of Object.entries(json)) {
    if (!(JIRA_TRANSITION_STATES as readonly string[]).includes(state))
      problems.push(`JIRA_TRANSITIONS.${state}: not a state (${JIRA_TRANSITION_STATES.join(', ')})`);
    else if (typeof id !== 'string' || !/^[0-9]{1,10}$/.test(id))
      problems.push(
        `JIRA_TRANSITIONS.${state}: a transition ID is a string of digits, not ${JSON.stringify(id)}`,
      );
    else transitions[state as JiraTransitionState] = id;
  }
  return transitions;
}

function readJira(env: Env, problems: string[]): JiraWriteBack | undefined {
  const token = env.JIRA_API_TOKEN;
  const email = env.JIRA_USER_EMAIL;
  if (!token && !email && !env.JIRA_TRANSITIONS) return undefined;
  if (!token) problems.push('JIRA_API_TOKEN is not set (JIRA_USER_EMAIL or JIRA_TRANSITIONS is)');
  const baseUrl = url(env, 'JIRA_BASE_URL', problems);
  if (!env.JIRA_BASE_URL) problems.push('JIRA_BASE_URL is not set (Jira write-back settings are)');
  const deployment = env.JIRA_DEPLOYMENT ?? 'cloud';
  if (deployment !== 'cloud' && deployment !== 'dataCenter')
    problems.push(`JIRA_DEPLOYMENT must be "cloud" or "dataCenter", not "${deployment}"`);
  // Cloud takes basic auth of an account's email and API token; Data Center a personal access token.
  if (deployment === 'cloud' && !email)
    problems.push('JIRA_USER_EMAIL is not set (Jira Cloud authenticates with the email and JIRA_API_TOKEN)');
  if (deployment === 'dataCenter' && email)
    problems.push(
      'JIRA_USER_EMAIL is for Jira Cloud: Data Center takes JIRA_API_TOKEN as a personal access token',
    );
  const transitions = readTransitions(env, problems);
  if (!token || !baseUrl || (deployment !== 'cloud' && deployment !== 'dataCenter')) return undefined;
  const authorization =
    deployment === 'cloud'
      ? `Basic ${Buffer.from(`${email ?? ''}:${token}`).toString('base64')}`
      : `Bearer ${token}`;
  return { baseUrl, deployment, authorization, transitions };
}

const WRITE_BACK_SETTINGS = [
  'SERVICENOW_TOKEN_SCOPE',
  'SERVICENOW_USERNAME',
  'SERVICENOW_PASSWORD',
  'JIRA_API_TOKEN',
  'JIRA_USER_EMAIL',
  'JIRA_TRANSITIONS',
];

/** Reads the write-back settings (SERVICENOW_*, JIRA_*), naming every problem. */
export function readTicketWriteBackSettings(
  env: Env,
  problems: string[],
): TicketWriteBackSettings | undefined {
  const serviceNow = readServiceNow(env, problems);
  const jira = readJira(env, problems);
  if (!WRITE_BACK_SETTINGS.some((name) => env[name])) return undefined;
  // Its format is checked with the notification settings, which read it whether a channel is set or not.
  const approvalPageBaseUrl = url(env, 'APPROVAL_PAGE_BASE_URL', []);
  if (!env.APPROVAL_PAGE_BASE_URL)
    problems.push('APPROVAL_PAGE_BASE_URL is not set (ticket write-back is: each note links to the request)');
  if (!approvalPageBaseUrl || (!serviceNow && !jira)) return undefined;
  return { ...(serviceNow ? { serviceNow } : {}), ...(jira ? { jira } : {}), approvalPageBaseUrl };
}
