import { rejectRequest } from '../core/useCases/rejectRequest.js';
import { decisionEndpoint } from './http/decisionEndpoint.js';
import { registerFunction } from './registry.js';

export const rejectRequestHandler = decisionEndpoint(
  (input, deps) => rejectRequest({ ...input, comment: input.comment ?? '' }, deps),
  { commentRequired: true },
);

registerFunction({
  kind: 'http',
  name: 'rejectRequest',
  methods: ['POST'],
  route: 'identity-requests/{id}/reject',
  handler: rejectRequestHandler,
});
