import type { TokenAuthority } from '../sandboxTokens.js';
import { API_VERSIONS, isSupportedApiVersion } from './apiVersions.js';
import { armError, type ArmResponse } from './armResponse.js';
import { authenticate } from './authenticate.js';
import { dispatch } from './dispatch.js';
import type { Faults } from './faults.js';
import { apiVersionTypeOf, routeOf, writeActionOf } from './route.js';
import type { SandboxStore } from './store.js';
import type { TokenBuckets } from './tokenBuckets.js';
import type { ArmSandboxKnobs } from './types.js';

export interface Pipeline {
  url: string;
  authority: TokenAuthority;
  options: ArmSandboxKnobs;
  faults: Faults;
  buckets: TokenBuckets;
  store(): SandboxStore;
}

export interface IncomingArmRequest {
  method: string;
  /** Normalised: one leading slash. */
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Set when the body was not JSON. */
  bodyError?: string;
  authorization?: string;
}

const writeMethods = new Set(['PUT', 'PATCH', 'DELETE', 'POST']);

/** ARM's front door in order: authentication, injected faults, api-version, write permission, throttling, then the resource. */
export function handleArmRequest(
  p: Pipeline,
  req: IncomingArmRequest,
): { response: ArmResponse; callerOid?: string } {
  const store = p.store();
  const auth = authenticate(p.authority, req.authorization, p.url, store.tenantId);
  if (!auth.ok) return { response: auth.response };
  const callerOid = auth.oid;
  const respond = (response: ArmResponse) => ({ response, callerOid });
  const fault = p.faults.take(req.method, req.path);
  if (fault) return respond(fault);
  if (req.bodyError)
    return respond(
      armError(400, 'InvalidRequestContent', `The request content was invalid: ${req.bodyError}`),
    );
  const route = routeOf(req.path);
  const versionError = checkApiVersion(req.query['api-version'], apiVersionTypeOf(route));
  if (versionError) return respond(versionError);
  const isWrite = writeMethods.has(req.method);
  let remainingWrites: number | undefined;
  if (isWrite) {
    if (!p.options.brokerPrincipals.some((oid) => oid.toLowerCase() === callerOid.toLowerCase())) {
      return respond(
        armError(
          403,
          'AuthorizationFailed',
          `The client '${callerOid}' with object id '${callerOid}' does not have authorization to perform action ` +
            `'${writeActionOf(route, req.method)}' over scope '${req.path}' or the scope is invalid. ` +
            'If access was recently granted, please refresh your credentials.',
        ),
      );
    }
    const taken = p.buckets.take(`${subscriptionOf(req.path)}|${callerOid.toLowerCase()}`);
    if (!taken.ok) {
      return respond(
        armError(
          429,
          'TooManyRequests',
          'The request is being throttled as the limit has been reached for operation type - Write.',
          {
            'retry-after': String(taken.retryAfterSeconds),
            'x-ms-ratelimit-remaining-subscription-writes': '0',
          },
        ),
      );
    }
    remainingWrites = taken.remaining;
  }
  const apiVersion = req.query['api-version'];
  const response = dispatch(
    { store, options: p.options, url: p.url },
    {
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.body,
      callerOid,
      ...(apiVersion ? { apiVersion } : {}),
    },
    route,
  );
  if (remainingWrites !== undefined && response.status < 400) {
    response.headers = {
      ...response.headers,
      'x-ms-ratelimit-remaining-subscription-writes': String(remainingWrites),
    };
  }
  return respond(response);
}

function checkApiVersion(
  version: string | undefined,
  type: ReturnType<typeof apiVersionTypeOf>,
): ArmResponse | undefined {
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const supported = type
    ? isSupportedApiVersion(type, version)
    : /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i.test(version);
  if (supported) return undefined;
  const listed = type ? `The supported versions are '${API_VERSIONS[type].join(',')}'.` : '';
  return armError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${version}' is invalid. ${listed}`.trim(),
  );
}

function subscriptionOf(path: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? 'tenant';
}
