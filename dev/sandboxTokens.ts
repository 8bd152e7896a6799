import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The claims the sandboxes put in a token and read back. */
export interface TokenClaims {
  aud: string;
  oid: string;
  appid: string;
  tid: string;
}

/** Claims as verified, with the times the authority stamped on them (epoch seconds). */
export interface VerifiedClaims extends TokenClaims {
  iat: number;
  exp: number;
}

export type TokenVerification =
  | { ok: true; claims: VerifiedClaims }
  | { ok: false; code: 'InvalidAuthenticationToken' | 'ExpiredAuthenticationToken'; message: string };

/** Issues and verifies JWT-shaped bearer tokens shared by the identity and ARM sandboxes in one process. */
export interface TokenAuthority {
  issue(claims: TokenClaims, ttlSeconds?: number): { token: string; expiresOn: number };
  verify(token: string): TokenVerification;
}

const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function createTokenAuthority(key: Buffer = randomBytes(32)): TokenAuthority {
  const sign = (input: string) => createHmac('sha256', key).update(input).digest();
  return {
    issue(claims, ttlSeconds = 3600) {
      const iat = Math.floor(Date.now() / 1000);
      const expiresOn = iat + ttlSeconds;
      const payload = {
        ...claims,
        sub: claims.oid,
        iss: `https://sts.windows.net/${claims.tid}/`,
        iat,
        nbf: iat,
        exp: expiresOn,
      };
      const body = `${header}.${base64url(JSON.stringify(payload))}`;
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresOn };
    },
    verify(token) {
      const parts = token.split('.');
      const [head, payload, signature] = parts;
      if (parts.length !== 3 || head === undefined || payload === undefined || signature === undefined) {
        return invalid('The access token is not a well-formed JWT.');
      }
      const expected = sign(`${head}.${payload}`);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return invalid('The access token signature is invalid.');
      }
      const claims = parseClaims(payload);
      if (!claims) return invalid('The access token has missing or malformed claims.');
      if (claims.exp <= Math.floor(Date.now() / 1000)) {
        return {
          ok: false,
          code: 'ExpiredAuthenticationToken',
          message: `The access token expiry UTC time '${new Date(claims.exp * 1000).toISOString()}' is earlier than current UTC time '${new Date().toISOString()}'.`,
        };
      }
      return { ok: true, claims };
    },
  };
}

function invalid(message: string): TokenVerification {
  return { ok: false, code: 'InvalidAuthenticationToken', message };
}

function parseClaims(payload: string): VerifiedClaims | undefined {
  try {
    const raw: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof raw !== 'object' || raw === null) return undefined;
    const { aud, oid, appid, tid, iat, exp } = raw as Record<string, unknown>;
    if (typeof aud !== 'string' || typeof oid !== 'string' || typeof appid !== 'string') return undefined;
    if (typeof tid !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
    return { aud, oid, appid, tid, iat, exp };
  } catch {
    return undefined;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}
