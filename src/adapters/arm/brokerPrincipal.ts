import type { TokenCredential } from '@azure/identity';

/** The `oid` claim of a JWT access token, unverified: the token came from our own credential. */
export function oidOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { oid?: unknown };
    return typeof claims.oid === 'string' ? claims.oid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Who the broker is, read from the token it calls ARM with, so no setting can drift from it. The
 * credential caches the token, so asking costs nothing after the first ARM call.
 */
export function brokerPrincipal(
  credential: TokenCredential,
  scope: string,
): () => Promise<string | undefined> {
  let known: string | undefined;
  return async () => {
    if (known) return known;
    const token = await credential.getToken(scope);
    known = token ? oidOf(token.token) : undefined;
    return known;
  };
}
