import { cancelRequest } from '../core/useCases/cancelRequest.js';
import { decisionEndpoint } from './http/decisionEndpoint.js';
import { registerFunction } from './registry.js';

export const cancelRequestHandler = decisionEndpoint(cancelRequest);

registerFunction({
  kind: 'http',
  name: 'cancelRequest',
  methods: ['POST'],
  route: 'identity-requests/{id}/cancel',
  handler: cancelRequestHandler,
});
