import type { HttpRequest } from '@azure/functions';
import type { Caller } from '../../core/caller.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Problem } from './problem.js';

const ROLE_CLAIMS = ['roles', 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'];
const OID_CLAIMS = ['http://schemas.microsoft.com/identity/claims/objectidentifier', 'oid'];
// Entra's `groups` token claim; Easy Auth passes it on as one claim of type `groups` per group.
const GROUP_CLAIMS = ['groups'];

interface ClientPrincipal {
  role_typ?: string;
  claims?: Array<{ typ?: string; val?: string }>;
}

const unauthenticated = (detail: string): { ok: false; error: Problem } =>
  err({
    status: 401,
    code: 'unauthenticated',
    title: 'Authentication required',
    detail,
    headers: { 'www-authenticate': 'Bearer' },
  });

/**
 * The caller as Easy Auth describes it. Its headers are trusted only where the platform set them
 * (Easy Auth on, or the local host); anywhere else a request that carries them is refused.
 */
export function readCaller(request: HttpRequest, trustEasyAuth: boolean): Result<Caller, Problem> {
  const encoded = request.headers.get('x-ms-client-principal');
  const id = request.headers.get('x-ms-client-principal-id');
  const name = request.headers.get('x-ms-client-principal-name');
  if (!trustEasyAuth)
    return unauthenticated(
      encoded || id || name
        ? 'identity headers are not accepted: App Service Authentication is not enabled for this app'
        : 'App Service Authentication is not enabled for this app, so no caller can be authenticated',
    );
  if (!id || id.length > 256) return unauthenticated('sign in through App Service Authentication');
  let principal: ClientPrincipal = {};
  if (encoded) {
    try {
      principal = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as ClientPrincipal;
    } catch {
      return unauthenticated('x-ms-client-principal is not base64-encoded JSON');
    }
  }
  const claims = principal.claims ?? [];
  const valuesOf = (types: string[]) =>
    claims.filter((c) => c.typ && types.includes(c.typ)).map((c) => c.val ?? '');
  const oid = valuesOf(OID_CLAIMS)[0];
  if (oid && oid.toLowerCase() !== id.toLowerCase())
    return unauthenticated("x-ms-client-principal-id does not match the principal's object ID");
  const roles = valuesOf(principal.role_typ ? [principal.role_typ, ...ROLE_CLAIMS] : ROLE_CLAIMS);
  const groups = valuesOf(GROUP_CLAIMS).filter((group) => group !== '');
  return ok({ id, ...(name ? { name } : {}), roles, groups });
}
