import { verifyTimestampedDelivery } from '../core/tickets/deliveryCheck.js';
import { mapServiceNowDelivery } from '../core/tickets/serviceNowTicket.js';
import { submitTicket } from '../core/useCases/submitTicket.js';
import { problemResponse } from './http/problem.js';
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

/** A RITM from a Business Rule or Flow Designer action: verified on the raw bytes, then mapped and submitted. */
export const serviceNowTicketHandler = ticketEndpoint(
  async (request, { services, invocation, correlationId, body }) => {
    const intake = services.ticketIntake.serviceNow;
    if (!intake) return intakeOff('ServiceNow');
    const verified = verifyTimestampedDelivery({
      secret: intake.secret,
      signatureHeader: intake.signatureHeader,
      timestampHeader: intake.timestampHeader,
      signature: request.headers.get(intake.signatureHeader),
      timestamp: request.headers.get(intake.timestampHeader),
      body,
      now: services.clock.now(),
    });
    if (!verified.ok) return unauthenticatedDelivery(verified.error);
    const delivery = deliveryIdOf(request.headers.get(intake.deliveryHeader), intake.deliveryHeader);
    if (!delivery.ok) return delivery.response;
    if (!delivery.value)
      return problemResponse({
        status: 400,
        code: 'invalidRequest',
        title: 'The request is invalid',
        detail: `the ${intake.deliveryHeader} header is missing: each delivery needs an ID its retries keep`,
        errors: [{ path: `(header ${intake.deliveryHeader})`, message: 'is required' }],
      });
    const json = parseVerifiedJson(request, body);
    if (!json.ok) return json.response;
    const mapped = mapServiceNowDelivery(json.value, intake.variables, intake.instanceUrl);
    if (!mapped.ok) return problemResponse(useCaseProblem(mapped.error));
    const submitted = await submitTicket(
      { ...mapped.value, deliveryId: delivery.value, correlationId },
      services,
    );
    return ticketSubmittedResponse(submitted, invocation);
  },
);

registerFunction({
  kind: 'http',
  name: 'serviceNowTicket',
  methods: ['POST'],
  route: 'tickets/servicenow',
  handler: serviceNowTicketHandler,
});
