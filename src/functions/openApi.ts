import type { HttpHandler } from '@azure/functions';
import { openApiDocument } from './http/openApi/openApiDocument.js';
import { registerFunction } from './registry.js';

/** The OpenAPI 3.1 document. Anonymous: it describes the API and names no request. */
export const openApiHandler: HttpHandler = async () => ({ status: 200, jsonBody: openApiDocument() });

registerFunction({
  kind: 'http',
  name: 'openApi',
  methods: ['GET'],
  route: 'openapi.json',
  handler: openApiHandler,
});
