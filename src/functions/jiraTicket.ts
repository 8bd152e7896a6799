import { verifyHubSignature } from '../core/tickets/deliveryCheck.js';
import { mapJiraDelivery } from '../core/tickets/jiraTicket.js';
import { submitTicket } from '../core/useCases/submitTicket.js';
import { problemResponse } from './http/problem.js';
import type { TicketIgnored } from './http/ticketIgnored.js';
import {
  deliveryIdOf,
  intakeOff,
  parseVerifiedJson,
  ticketEndpoint,
  ticketSubmittedResponse,
  unauthenticatedDelivery,
} from './http/ticketEndpoint.js';
import { useCaseProblem } from './http/useCaseProblem.js';
import { registerFunction } from './registry.js';

export const JIRA_DELIVERY_HEADER = 'x-atlassian-webhook-identifier';

/**
 * A Jira Cloud or Data Center webhook: `X-Hub-Signature` checked on the raw bytes, then the event either makes a
 * request or is answered 200 "ignored" with nothing stored. Nothing here answers 409: Jira would retry it.
 */
export const jiraTicketHandler = ticketEndpoint(
  async (request, { services, invocation, correlationId, body }) => {
    const intake = services.ticketIntake.jira;
    if (!intake) return intakeOff('Jira');
    const verified = verifyHubSignature({
      secret: intake.secret,
      signature: request.headers.get('x-hub-signature'),
      body,
    });
    if (!verified.ok) return unauthenticatedDelivery(verified.error);
    const delivery = deliveryIdOf(request.headers.get(JIRA_DELIVERY_HEADER), JIRA_DELIVERY_HEADER);
    if (!delivery.ok) return delivery.response;
    const json = parseVerifiedJson(request, body);
    if (!json.ok) return json.response;
    const mapped = mapJiraDelivery(json.value, intake.fields, intake.trigger, intake.baseUrl);
    if (!mapped.ok) return problemResponse(useCaseProblem(mapped.error));
    if (mapped.value.kind === 'ignored') {
      invocation.log(`jira delivery ${delivery.value ?? '-'} ignored: ${mapped.value.reason}`);
      return {
        status: 200,
        jsonBody: { status: 'ignored', reason: mapped.value.reason } satisfies TicketIgnored,
      };
    }
    const submitted = await submitTicket(
      { ...mapped.value.ticket, ...(delivery.value ? { deliveryId: delivery.value } : {}), correlationId },
      services,
    );
    return ticketSubmittedResponse(submitted, invocation);
  },
);

registerFunction({
  kind: 'http',
  name: 'jiraTicket',
  methods: ['POST'],
  route: 'tickets/jira',
  handler: jiraTicketHandler,
});
