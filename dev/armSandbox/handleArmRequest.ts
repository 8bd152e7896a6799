import type { TokenAuthority } from '../sandboxTokens.js';
import {
  API_TYPE_NAMES,
  API_VERSIONS,
  isSupportedApiVersion,
  isWellFormedApiVersion,
} from './apiVersions.js';
import { armError, type ArmResponse } from './armResponse.js';
import { authenticate } from './authenticate.js';
import { dispatch } from './dispatch.js';
import type { Faults } from './faults.js';
import { apiVersionTypeOf, routeOf, writeActionOf, type Route } from './route.js';
import type { SandboxStore } from './store.js';
import { type OperationType, operationTypeOf, type TokenBuckets } from './tokenBuckets.js';
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

const THROTTLED_TYPE: Record<OperationType, string> = { reads: 'Read', writes: 'Write', deletes: 'Delete' };

/**
 * ARM's front door in order: authentication, injected faults, api-version, write permission, throttling, then
 * the resource. Every request that passes the throttle says what its bucket has left.
 */
export function handleArmRequest(
  p: Pipeline,
  req: IncomingArmRequest,
): { response: ArmResponse; callerOid?: string } {
  const reset = p.faults.takeReset(req.method, req.path);
  if (reset === 'beforeEffect') return { response: { status: 0, resetConnection: true } };
  const handled = handleReachedRequest(p, req);
  if (reset === 'afterEffect') handled.response = { ...handled.response, resetConnection: true };
  return handled;
}

function handleReachedRequest(
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
  const versionError = checkApiVersion(
    req.query['api-version'],
    apiVersionTypeOf(route),
    locationOf(store, route),
  );
  if (versionError) return respond(versionError);
  const isWrite = writeMethods.has(req.method);
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
  }
  const budget = bucketOf(req.path);
  const type = operationTypeOf(req.method);
  const remainingHeader = `x-ms-ratelimit-remaining-${budget === 'tenant' ? 'tenant' : 'subscription'}-${type}`;
  const taken = p.buckets.take(`${budget}|${callerOid.toLowerCase()}`, type);
  if (!taken.ok) {
    return respond(
      armError(
        429,
        'TooManyRequests',
        `The request is being throttled as the limit has been reached for operation type - ${THROTTLED_TYPE[type]}.`,
        { 'retry-after': String(taken.retryAfterSeconds), [remainingHeader]: '0' },
      ),
    );
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
  response.headers = { ...response.headers, [remainingHeader]: String(taken.remaining) };
  return respond(response);
}

/**
 * What is not a date is InvalidApiVersionParameter; a date the type does not list is NoRegisteredProviderFound,
 * with the supported versions in ARM's message. Paths of no listed type take any well-formed version.
 */
function checkApiVersion(
  version: string | undefined,
  type: ReturnType<typeof apiVersionTypeOf>,
  location: string,
): ArmResponse | undefined {
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const listed = type ? `'${API_VERSIONS[type].join(', ')}'` : undefined;
  if (!isWellFormedApiVersion(version)) {
    const supported = listed ? ` The supported versions are ${listed}.` : '';
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid.${supported}`,
    );
  }
  if (!type || isSupportedApiVersion(type, version)) return undefined;
  return armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${version}' for type ` +
      `'${API_TYPE_NAMES[type]}'. The supported api-versions are ${listed}. The supported locations are '${location}'.`,
  );
}

/** The location ARM names in an api-version refusal: the resource's own, else `global`. */
function locationOf(store: SandboxStore, route: Route): string {
  if (route.kind !== 'resource') return 'global';
  return store.resources.get(route.scope.key)?.location ?? 'global';
}

/** The bucket a request draws on: its subscription's, else the tenant's (management groups, tenant-wide reads). */
function bucketOf(path: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? 'tenant';
}
