import type { TokenAuthority } from '../sandboxTokens.js';

/** A managed identity the sandbox can issue tokens for. */
export interface SandboxIdentity {
  objectId: string;
  clientId: string;
}

export interface UserAssignedSandboxIdentity extends SandboxIdentity {
  resourceId: string;
}

export interface SandboxIdentities {
  systemAssigned: SandboxIdentity;
  userAssigned?: UserAssignedSandboxIdentity[];
}

export interface TokenRequest {
  query: URLSearchParams;
  identityHeader: string | undefined;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  resource?: string;
  headerOk: boolean;
}

interface Setup {
  authority: TokenAuthority;
  identities: SandboxIdentities;
  tenantId: string;
  identityHeader: string;
}

/** Answers one App Service managed-identity token request (api-version 2019-08-01). */
export function answerTokenRequest(setup: Setup, request: TokenRequest): TokenAnswer {
  const { query } = request;
  const resource = query.get('resource') ?? undefined;
  const headerOk = request.identityHeader === setup.identityHeader;
  const base = { headerOk, ...(resource === undefined ? {} : { resource }) };
  if (!headerOk) {
    return {
      ...base,
      status: 401,
      body: error('invalid_request', 'The X-IDENTITY-HEADER header is missing or wrong.'),
    };
  }
  if (query.get('api-version') === null) {
    return { ...base, status: 400, body: error('invalid_request', 'The api-version parameter is required.') };
  }
  if (resource === undefined || resource === '') {
    return { ...base, status: 400, body: error('invalid_request', 'The resource parameter is required.') };
  }
  const identity = selectIdentity(setup.identities, query);
  if (!identity) {
    return {
      ...base,
      status: 400,
      body: error('invalid_request', 'No managed identity matches the requested identity.'),
    };
  }
  const { token, expiresOn } = setup.authority.issue({
    aud: audienceOf(resource),
    oid: identity.objectId,
    appid: identity.clientId,
    tid: setup.tenantId,
  });
  return {
    ...base,
    status: 200,
    // App Service sends expires_on as a string of epoch seconds.
    body: {
      access_token: token,
      expires_on: String(expiresOn),
      resource,
      token_type: 'Bearer',
      client_id: identity.clientId,
    },
  };
}

/** The token audience: the resource without a `/.default` suffix or trailing slash. */
export function audienceOf(resource: string): string {
  return resource.replace(/\/\.default$/i, '').replace(/\/+$/, '');
}

function selectIdentity(identities: SandboxIdentities, query: URLSearchParams): SandboxIdentity | undefined {
  const userAssigned = identities.userAssigned ?? [];
  const clientId = query.get('client_id');
  if (clientId !== null) return findBy(identities, (i) => same(i.clientId, clientId));
  const resourceId = query.get('mi_res_id');
  if (resourceId !== null) return userAssigned.find((i) => same(i.resourceId, resourceId));
  const objectId = query.get('object_id') ?? query.get('principal_id');
  if (objectId !== null) return findBy(identities, (i) => same(i.objectId, objectId));
  return identities.systemAssigned;
}

function findBy(identities: SandboxIdentities, match: (identity: SandboxIdentity) => boolean) {
  return [identities.systemAssigned, ...(identities.userAssigned ?? [])].find(match);
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function error(code: string, description: string) {
  return { error: code, error_description: description };
}
