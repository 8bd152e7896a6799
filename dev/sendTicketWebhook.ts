// Sends one signed test webhook to the local host, as ServiceNow or Jira would:
//   node dist/dev/sendTicketWebhook.js servicenow|jira [body.json] [--again <delivery ID>]
// The body defaults to a sample RITM or issue for the sample Automation account; PORT or BROKER_URL moves the
// target; SERVICENOW_WEBHOOK_SECRET / JIRA_WEBHOOK_SECRET override the development secrets.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  DEV_JIRA_SECRET,
  DEV_SERVICENOW_SECRET,
  jiraBody,
  jiraHeaders,
  serviceNowBody,
  serviceNowHeaders,
} from './ticketWebhooks.js';

const [system, ...rest] = process.argv.slice(2);
if (system !== 'servicenow' && system !== 'jira') {
  console.error(
    'usage: node dist/dev/sendTicketWebhook.js servicenow|jira [body.json] [--again <delivery ID>]',
  );
  process.exit(2);
}
const again = rest.indexOf('--again');
const deliveryId = again >= 0 ? (rest[again + 1] ?? '') : randomUUID();
const file = rest.find((arg, i) => !arg.startsWith('--') && (again < 0 || i !== again + 1));
const body = file
  ? readFileSync(file, 'utf8')
  : JSON.stringify(system === 'servicenow' ? serviceNowBody() : jiraBody());
const base = process.env.BROKER_URL ?? `http://127.0.0.1:${process.env.PORT ?? '7071'}`;
const headers =
  system === 'servicenow'
    ? serviceNowHeaders(body, {
        secret: process.env.SERVICENOW_WEBHOOK_SECRET ?? DEV_SERVICENOW_SECRET,
        deliveryId,
      })
    : jiraHeaders(body, { secret: process.env.JIRA_WEBHOOK_SECRET ?? DEV_JIRA_SECRET, deliveryId });

const answer = await fetch(`${base}/api/tickets/${system}`, { method: 'POST', headers, body });
console.log(`POST ${base}/api/tickets/${system}  (delivery ${deliveryId}) -> ${answer.status}`);
console.log(await answer.text());
console.log(
  `\nsend it again (a redelivery): node dist/dev/sendTicketWebhook.js ${system}${file ? ` ${file}` : ''} --again ${deliveryId}`,
);
