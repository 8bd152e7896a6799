import { revokeRequest } from '../core/useCases/revokeRequest.js';
import { decisionEndpoint } from './http/decisionEndpoint.js';
import { registerFunction } from './registry.js';

export const revokeRequestHandler = decisionEndpoint(revokeRequest);

registerFunction({
  kind: 'http',
  name: 'revokeRequest',
  methods: ['POST'],
  route: 'identity-requests/{id}/revoke',
  handler: revokeRequestHandler,
});
