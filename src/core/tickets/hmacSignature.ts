import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The MAC a signature header carries: `sha256=<64 hex digits>` (Jira, and what the README's scripts send) or the
 * bare Base64 of the 32 bytes (ServiceNow's GlideCertificateEncryption.generateMac answers Base64). Anything
 * else is no signature at all.
 */
export function macOfHeader(header: string): Buffer | undefined {
  const value = header.trim();
  const hex = /^sha256=([0-9a-fA-F]+)$/.exec(value);
  if (hex) return hex[1]!.length % 2 === 0 ? Buffer.from(hex[1]!, 'hex') : undefined;
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0) return Buffer.from(value, 'base64');
  return undefined;
}

export const hmacSha256 = (secret: string, signed: Buffer): Buffer =>
  createHmac('sha256', secret).update(signed).digest();

/**
 * Whether `presented` is the HMAC-SHA256 of `signed` under `secret`, compared in constant time. The length is
 * checked first because timingSafeEqual throws on buffers of different lengths; a length says nothing secret.
 */
export function macMatches(secret: string, signed: Buffer, presented: Buffer): boolean {
  const expected = hmacSha256(secret, signed);
  return presented.length === expected.length && timingSafeEqual(expected, presented);
}
