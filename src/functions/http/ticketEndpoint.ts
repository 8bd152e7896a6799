import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import type { Unauthenticated } from '../../core/tickets/deliveryCheck.js';
import type { TicketSubmitted, TicketError } from '../../core/useCases/submitTicket.js';
import type { Result } from '../../core/result.js';
import { type Services, services } from '../../wiring.js';
import { CORRELATION_HEADER, correlationIdOf } from './correlationId.js';
import { unexpected } from './endpoint.js';
import { type Problem, problemResponse } from './problem.js';
import { parseJson } from './readJsonBody.js';
import { requestResponse } from './requestResponses.js';
import { useCaseProblem } from './useCaseProblem.js';
import { requestLog } from '../requestLog.js';

/** Ticket payloads carry the whole issue or item, so they may be larger than a submission. */
export const MAX_TICKET_BODY_BYTES = 256 * 1024;

type TicketHandler = (
  request: HttpRequest,
  context: { services: Services; invocation: InvocationContext; correlationId: string; body: Buffer },
) => Promise<HttpResponseInit>;

/**
 * An HTTP function for a ticket system's webhook: no Easy Auth caller (the signature is the authentication),
 * the raw body handed over as bytes so the signature is checked on exactly what was sent, and every failure
 * nobody expected one 5xx problem, never a stack trace.
 */
export function ticketEndpoint(handle: TicketHandler): HttpHandler {
  return async (request, invocation) => {
    const correlationId = correlationIdOf(request.headers);
    const response = await answer(request, invocation, correlationId);
    return {
      ...response,
      headers: { ...(response.headers as Record<string, string>), [CORRELATION_HEADER]: correlationId },
    };
  };

  async function answer(request: HttpRequest, invocation: InvocationContext, correlationId: string) {
    try {
      const s = await services();
      if (Number(request.headers.get('content-length') ?? '0') > MAX_TICKET_BODY_BYTES) return tooLarge();
      const body = Buffer.from(await request.arrayBuffer());
      if (body.length > MAX_TICKET_BODY_BYTES) return tooLarge();
      return await handle(request, { services: s, invocation, correlationId, body });
    } catch (e) {
      return unexpected(e, invocation);
    }
  }
}

const tooLarge = () =>
  problemResponse({
    status: 413,
    code: 'payloadTooLarge',
    title: 'The body is too large',
    detail: `at most ${MAX_TICKET_BODY_BYTES} bytes`,
  });

export const intakeOff = (system: string): HttpResponseInit =>
  problemResponse({
    status: 404,
    code: 'intakeNotEnabled',
    title: `The ${system} intake is not enabled on this broker`,
    detail: `its webhook secret is not set`,
  });

export const unauthenticatedDelivery = (error: Unauthenticated): HttpResponseInit =>
  problemResponse({
    status: 401,
    code: 'invalidSignature',
    title: 'The delivery is not signed by the ticket system',
    detail: error.detail,
  });

/** The verified body as JSON; only now is it parsed. */
export function parseVerifiedJson(
  request: HttpRequest,
  body: Buffer,
): { ok: true; value: unknown } | { ok: false; response: HttpResponseInit } {
  const parsed = parseJson(body.toString('utf8'), request.headers.get('content-type') ?? '');
  return parsed.ok ? parsed : { ok: false, response: problemResponse(parsed.error) };
}

/** A delivery ID as it may be kept in a key and a log line: printable, no separators that mean something. */
export function deliveryIdOf(
  value: string | null,
  header: string,
): { ok: true; value: string | undefined } | { ok: false; response: HttpResponseInit } {
  if (value === null || value === '') return { ok: true, value: undefined };
  if (/^[A-Za-z0-9._:-]{1,200}$/.test(value)) return { ok: true, value };
  return {
    ok: false,
    response: problemResponse({
      status: 400,
      code: 'invalidRequest',
      title: 'The request is invalid',
      detail: `${header} must be 1 to 200 letters, digits, ".", "_", ":" or "-"`,
      errors: [
        { path: `(header ${header})`, message: 'must be 1 to 200 letters, digits, ".", "_", ":" or "-"' },
      ],
    }),
  };
}

/** The answer to a submitted ticket: 202 for a new request, 200 for one the ticket already made. */
export function ticketSubmittedResponse(
  submitted: Result<TicketSubmitted, TicketError>,
  invocation: InvocationContext,
): HttpResponseInit {
  if (!submitted.ok) return problemResponse(ticketProblem(submitted.error));
  const { request, created, nudged } = submitted.value;
  const log = requestLog(invocation, request);
  log.info(
    created
      ? `ticket ${request.ticket?.id} submitted: ${request.state}`
      : `ticket ${request.ticket?.id} delivered again: ${request.state}`,
  );
  if (!nudged) log.warn('stored but not nudged; the sweeper will');
  return requestResponse(created ? 202 : 200, request);
}

function ticketProblem(error: TicketError): Problem {
  // Never 409: Jira retries a 409, and a changed ticket will not stop being changed.
  if (error.code === 'ticketAlreadySubmitted')
    return {
      status: 422,
      code: error.code,
      title: 'This ticket already made a request',
      detail: error.message,
    };
  return useCaseProblem(error);
}
