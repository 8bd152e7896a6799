import { componentSchemas } from './componentSchemas.js';
import { PATHS, TICKET_SECURITY_SCHEMES } from './operations.js';

const BEARER = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    "An Entra ID access token for the broker's app registration. App Service Authentication (Easy Auth) " +
    'validates it in front of the app and passes the caller on in `x-ms-client-principal`; the broker knows ' +
    'callers by object ID, app roles and group IDs only.',
};

let built: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 description of the HTTP API, built once from the zod schemas the handlers use. */
export function openApiDocument(): Record<string, unknown> {
  built ??= {
    openapi: '3.1.1',
    info: {
      title: 'identity-broker',
      version: '1',
      description:
        'Self-service broker for Azure managed identities and their role assignments. Errors are ' +
        '`application/problem+json`; unknown fields in a body are refused.',
    },
    servers: [{ url: '/api' }],
    security: [{ entraId: [] }],
    paths: PATHS,
    components: {
      schemas: componentSchemas(),
      securitySchemes: { entraId: BEARER, ...TICKET_SECURITY_SCHEMES },
    },
  };
  return built;
}
