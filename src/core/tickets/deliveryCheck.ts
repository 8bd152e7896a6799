import { err, ok, type Result } from '../result.js';
import { macMatches, macOfHeader } from './hmacSignature.js';

/** Why a delivery is not believed; answered as 401 with nothing read past the check. */
export interface Unauthenticated {
  code: 'unauthenticated';
  detail: string;
}

const refuse = (detail: string): { ok: false; error: Unauthenticated } =>
  err({ code: 'unauthenticated', detail });

/** How far a signed timestamp may be from the broker's clock, either way. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

/**
 * A ServiceNow delivery: HMAC-SHA256 over `<timestamp>.<raw body>` (timestamp in Unix seconds), so a captured
 * delivery cannot be replayed once its five minutes have passed. Checked on the raw bytes, before any parsing.
 */
export function verifyTimestampedDelivery(input: {
  secret: string;
  signatureHeader: string;
  timestampHeader: string;
  signature: string | null;
  timestamp: string | null;
  body: Buffer;
  now: Date;
}): Result<void, Unauthenticated> {
  if (!input.signature) return refuse(`the ${input.signatureHeader} header is missing`);
  if (!input.timestamp) return refuse(`the ${input.timestampHeader} header is missing`);
  if (!/^[0-9]{1,12}$/.test(input.timestamp))
    return refuse(`${input.timestampHeader} must be the signing time in Unix seconds`);
  const skew = Number(input.timestamp) * 1000 - input.now.getTime();
  if (Math.abs(skew) > TIMESTAMP_TOLERANCE_MS)
    return refuse(
      `${input.timestampHeader} is ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'old' : 'in the future'}: at most 300 s either way`,
    );
  const mac = macOfHeader(input.signature);
  const signed = Buffer.concat([Buffer.from(`${input.timestamp}.`, 'utf8'), input.body]);
  if (!mac || !macMatches(input.secret, signed, mac))
    return refuse(`${input.signatureHeader} does not match the body and timestamp`);
  return ok(undefined);
}

/** A Jira delivery: `X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body with the webhook's secret. */
export function verifyHubSignature(input: {
  secret: string;
  signature: string | null;
  body: Buffer;
}): Result<void, Unauthenticated> {
  if (!input.signature) return refuse('the X-Hub-Signature header is missing');
  const mac = /^sha256=/i.test(input.signature.trim()) ? macOfHeader(input.signature) : undefined;
  if (!mac) return refuse('X-Hub-Signature must be sha256=<hex>');
  if (!macMatches(input.secret, input.body, mac)) return refuse('X-Hub-Signature does not match the body');
  return ok(undefined);
}
