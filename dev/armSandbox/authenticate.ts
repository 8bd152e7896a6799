import type { TokenAuthority } from '../sandboxTokens.js';
import { armError, type ArmResponse } from './armResponse.js';

export type Authentication = { ok: true; oid: string } | { ok: false; response: ArmResponse };

/** Checks `Authorization: Bearer` as ARM does: a valid, unexpired token for this audience and tenant. */
export function authenticate(
  authority: TokenAuthority,
  header: string | undefined,
  audience: string,
  tenantId: string,
): Authentication {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) {
    const message = header
      ? "Authentication failed. The 'Authorization' header is provided in an invalid format."
      : "Authentication failed. The 'Authorization' header is missing.";
    return fail('AuthenticationFailed', message);
  }
  const verified = authority.verify(token);
  if (!verified.ok) return fail(verified.code, verified.message);
  const { aud, tid, oid } = verified.claims;
  const expected = audience.replace(/\/+$/, '');
  if (aud.replace(/\/+$/, '') !== expected) {
    return fail(
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences '${expected}','${expected}/'.`,
    );
  }
  if (tid.toLowerCase() !== tenantId.toLowerCase()) {
    return fail(
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer '${tid}'. It must match the tenant '${tenantId}'.`,
    );
  }
  return { ok: true, oid };
}

function fail(code: string, message: string): Authentication {
  return { ok: false, response: armError(401, code, message) };
}
