import { approveRequest } from '../core/useCases/approveRequest.js';
import { decisionEndpoint } from './http/decisionEndpoint.js';
import { registerFunction } from './registry.js';

export const approveRequestHandler = decisionEndpoint(approveRequest);

registerFunction({
  kind: 'http',
  name: 'approveRequest',
  methods: ['POST'],
  route: 'identity-requests/{id}/approve',
  handler: approveRequestHandler,
});
