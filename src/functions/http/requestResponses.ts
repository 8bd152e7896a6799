import type { HttpResponseInit } from '@azure/functions';
import type { IdentityRequest } from '../../core/identityRequest.js';
import type { RequestEvent } from '../../core/ports.js';
import { etagOf, toRequestView } from '../../core/requestView.js';

export const requestLocation = (id: string): string => `/api/identity-requests/${id}`;

/** A request as the API shows it, with its version as the ETag. */
export function requestResponse(
  status: number,
  request: IdentityRequest,
  history?: RequestEvent[],
): HttpResponseInit {
  return {
    status,
    headers: { etag: etagOf(request.version), location: requestLocation(request.id) },
    jsonBody: toRequestView(request, history),
  };
}
