import type { IdentityRequest } from './identityRequest.js';
import type { Nudge } from './ports.js';

/** The nudge for a request at `version` (default: its own), carrying its correlation ID. */
export const nudgeOf = (request: IdentityRequest, version = request.version): Nudge => ({
  requestId: request.id,
  target: request.target,
  version,
  ...(request.correlationId ? { correlationId: request.correlationId } : {}),
});
