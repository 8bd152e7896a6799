import { SUBSCRIPTION_ID } from './armSandbox/seed.js';
import { describeStartFailure } from './describeStartFailure.js';
import { type LocalHost, startLocalHost } from './localHost.js';
import { readPort } from './readPort.js';

/** Prints why the host cannot start, without a stack trace for what the operator must fix, and exits 1. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const port = readPort(process.env.PORT);
if (!port.ok) fail(port.error);
const useSandboxes = !process.env.ARM_ENDPOINT;
let host: LocalHost;
try {
  host = await startLocalHost({ port: port.value, useSandboxes });
} catch (e) {
  fail(describeStartFailure(e));
}

// The sender posts to 7071 unless told otherwise.
const sender = `${port.value === 7071 ? '' : `BROKER_URL=${host.url} `}node dist/dev/sendTicketWebhook.js`;
const lines = [
  '',
  'identity-broker local host is running (development mode: Easy Auth headers are trusted).',
  '',
  `  API                 ${host.url}/api/identity-requests`,
  `  approval pages      ${host.url}/api/approvals  (send the approver's x-ms-client-principal-* headers)`,
  `  health              ${host.url}/api/health`,
  `  queue a message     POST ${host.url}/api/dev/queues/identity-requests/messages  (header x-message-id)`,
  `  rejected messages   ${host.url}/api/dev/queues/identity-requests-rejected/messages`,
  `  dead letters        ${host.url}/api/dev/queues/identity-requests/deadletters`,
  `  request events      ${host.url}/api/dev/topics/identity-request-events/messages`,
  `  Table storage       Azurite (in memory) ${host.azurite.tableEndpoint}`,
  host.sandboxes
    ? `  ARM sandbox         ${host.sandboxes.arm.url}  (log: ${host.sandboxes.arm.url}/_sandbox/log, state: /_sandbox/state)`
    : `  ARM                 ${process.env.ARM_ENDPOINT} with the normal credential chain`,
  host.sandboxes ? `  managed identity    ${host.sandboxes.identity.endpoint}  (IDENTITY_ENDPOINT)` : '',
  host.sandboxes ? `  sample subscription ${SUBSCRIPTION_ID}` : '',
  '',
  'Ticket intake (development secrets; README "Ticket intake"): send a signed test webhook with',
  `  ${sender} servicenow      POST ${host.url}/api/tickets/servicenow`,
  `  ${sender} jira            POST ${host.url}/api/tickets/jira`,
  '  (add --again <delivery ID> to redeliver one; a file argument sends your own body)',
  '',
  'Try the first request in README.md ("A first request"). Ctrl-C stops everything.',
  '',
];
console.log(lines.filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n'));

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void host.stop().then(() => process.exit(0));
  });
