import { describe, expect, it } from 'vitest';
import { readTicketWriteBackSettings } from '../src/ticketWriteBackSettings.js';

const read = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { settings: readTicketWriteBackSettings(env, problems), problems };
};
const BASE = { APPROVAL_PAGE_BASE_URL: 'https://broker.contoso.com' };
const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('ticket write-back settings', () => {
  it('writes back nowhere without credentials, even where the intakes set the instance URLs', () => {
    expect(
      read({
        SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com',
        JIRA_BASE_URL: 'https://c.atlassian.net',
      }),
    ).toEqual({ settings: undefined, problems: [] });
  });

  it('ServiceNow with the managed identity: the token scope, no secret', () => {
    expect(
      read({
        ...BASE,
        SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com/',
        SERVICENOW_TOKEN_SCOPE: 'api://9a8b7c6d-snow/.default',
      }),
    ).toEqual({
      settings: {
        serviceNow: {
          instanceUrl: 'https://contoso.service-now.com',
          auth: { kind: 'managedIdentity', scope: 'api://9a8b7c6d-snow/.default' },
        },
        approvalPageBaseUrl: 'https://broker.contoso.com',
      },
      problems: [],
    });
  });

  it('ServiceNow with basic credentials, and Jira Cloud and Data Center with their own authorization', () => {
    const { settings } = read({
      ...BASE,
      SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com',
      SERVICENOW_USERNAME: 'svc-broker',
      SERVICENOW_PASSWORD: 'pw',
      JIRA_BASE_URL: 'https://contoso.atlassian.net',
      JIRA_USER_EMAIL: 'broker@contoso.com',
      JIRA_API_TOKEN: 'tok',
      JIRA_TRANSITIONS: '{"succeeded":"31","rejected":"41"}',
    });
    expect(settings?.serviceNow?.auth).toEqual({ kind: 'basic', username: 'svc-broker', password: 'pw' });
    expect(settings?.jira).toEqual({
      baseUrl: 'https://contoso.atlassian.net',
      deployment: 'cloud',
      authorization: basic('broker@contoso.com', 'tok'),
      transitions: { succeeded: '31', rejected: '41' },
    });
    expect(
      read({
        ...BASE,
        JIRA_BASE_URL: 'https://jira.contoso.com',
        JIRA_DEPLOYMENT: 'dataCenter',
        JIRA_API_TOKEN: 'pat',
      }).settings?.jira,
    ).toMatchObject({ deployment: 'dataCenter', authorization: 'Bearer pat' });
  });

  it('names every problem at once', () => {
    expect(
      read({
        SERVICENOW_TOKEN_SCOPE: 'api://snow',
        SERVICENOW_USERNAME: 'svc',
        JIRA_API_TOKEN: 'tok',
        JIRA_BASE_URL: 'ftp://jira',
        JIRA_DEPLOYMENT: 'server',
        JIRA_TRANSITIONS: '{"succeeded":31,"done":"5"}',
      }).problems,
    ).toEqual([
      'SERVICENOW_INSTANCE_URL is not set (ServiceNow write-back credentials are)',
      'set SERVICENOW_TOKEN_SCOPE or SERVICENOW_USERNAME/SERVICENOW_PASSWORD, not both',
      'SERVICENOW_TOKEN_SCOPE must be the audience of ServiceNow\'s OIDC provider entry with "/.default" (api://<app ID>/.default), not "api://snow"',
      'JIRA_BASE_URL must be an https URL (http only on loopback), not "ftp://jira"',
      'JIRA_DEPLOYMENT must be "cloud" or "dataCenter", not "server"',
      'JIRA_TRANSITIONS.succeeded: a transition ID is a string of digits, not 31',
      'JIRA_TRANSITIONS.done: not a state (awaitingApproval, approved, succeeded, failed, denied, rejected, cancelled, expired, revoked)',
      'APPROVAL_PAGE_BASE_URL is not set (ticket write-back is: each note links to the request)',
    ]);
  });

  it('needs the half of a credential pair that is missing, and the page base URL for the links', () => {
    expect(
      read({ SERVICENOW_INSTANCE_URL: 'https://contoso.service-now.com', SERVICENOW_PASSWORD: 'pw' })
        .problems,
    ).toEqual([
      'SERVICENOW_USERNAME is not set (SERVICENOW_PASSWORD is)',
      'APPROVAL_PAGE_BASE_URL is not set (ticket write-back is: each note links to the request)',
    ]);
    expect(read({ JIRA_BASE_URL: 'https://c.atlassian.net', JIRA_API_TOKEN: 'tok' }).problems).toEqual([
      'JIRA_USER_EMAIL is not set (Jira Cloud authenticates with the email and JIRA_API_TOKEN)',
      'APPROVAL_PAGE_BASE_URL is not set (ticket write-back is: each note links to the request)',
    ]);
    expect(
      read({
        ...BASE,
        JIRA_BASE_URL: 'https://j',
        JIRA_DEPLOYMENT: 'dataCenter',
        JIRA_API_TOKEN: 't',
        JIRA_USER_EMAIL: 'a@b',
      }).problems,
    ).toEqual([
      'JIRA_USER_EMAIL is for Jira Cloud: Data Center takes JIRA_API_TOKEN as a personal access token',
    ]);
    expect(read({ JIRA_TRANSITIONS: 'not json' }).problems[0]).toBe(
      'JIRA_API_TOKEN is not set (JIRA_USER_EMAIL or JIRA_TRANSITIONS is)',
    );
  });
});
