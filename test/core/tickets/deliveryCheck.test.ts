import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyHubSignature, verifyTimestampedDelivery } from '../../../src/core/tickets/deliveryCheck.js';
import { macMatches, macOfHeader } from '../../../src/core/tickets/hmacSignature.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const body = Buffer.from('{"number":"RITM0012345","text":"caf\u00e9"}');
const hmac = (data: Buffer | string, secret = SECRET) => createHmac('sha256', secret).update(data).digest();
const now = new Date('2026-11-23T09:00:00.000Z');
const stamp = (offsetSeconds = 0) => String(now.getTime() / 1000 + offsetSeconds);

function serviceNow(overrides: Partial<Parameters<typeof verifyTimestampedDelivery>[0]> = {}) {
  const timestamp = overrides.timestamp ?? stamp();
  return verifyTimestampedDelivery({
    secret: SECRET,
    signatureHeader: 'x-servicenow-signature',
    timestampHeader: 'x-servicenow-timestamp',
    timestamp,
    signature: `sha256=${hmac(Buffer.concat([Buffer.from(`${timestamp}.`), body])).toString('hex')}`,
    body,
    now,
    ...overrides,
  });
}

describe('macOfHeader', () => {
  it('reads sha256=<hex> and bare Base64, and nothing else', () => {
    const mac = hmac(body);
    expect(macOfHeader(`sha256=${mac.toString('hex')}`)).toEqual(mac);
    expect(macOfHeader(`sha256=${mac.toString('hex').toUpperCase()}`)).toEqual(mac);
    expect(macOfHeader(mac.toString('base64'))).toEqual(mac);
    for (const bad of ['', 'sha256=', 'sha256=abc', 'sha1=ab', 'sha256=zz', 'not base64!', 'abc'])
      expect(macOfHeader(bad), bad).toBeUndefined();
  });
});

describe('macMatches', () => {
  it('is true only for the MAC of exactly these bytes under this secret', () => {
    expect(macMatches(SECRET, body, hmac(body))).toBe(true);
    expect(macMatches(SECRET, Buffer.concat([body, Buffer.from(' ')]), hmac(body))).toBe(false);
    expect(macMatches(`${SECRET}x`, body, hmac(body))).toBe(false);
  });

  it('answers false, never throws, for a presented MAC of another length', () => {
    const mac = hmac(body);
    for (const presented of [Buffer.alloc(0), mac.subarray(0, 31), Buffer.concat([mac, Buffer.from([0])])])
      expect(macMatches(SECRET, body, presented)).toBe(false);
  });
});

describe('verifyTimestampedDelivery (ServiceNow)', () => {
  it('accepts a signature over <timestamp>.<raw body> within 5 minutes either way', () => {
    expect(serviceNow().ok).toBe(true);
    expect(serviceNow({ timestamp: stamp(-300) }).ok).toBe(true);
    expect(serviceNow({ timestamp: stamp(300) }).ok).toBe(true);
  });

  it('accepts the Base64 signature ServiceNow scripts produce', () => {
    const signature = hmac(Buffer.concat([Buffer.from(`${stamp()}.`), body])).toString('base64');
    expect(serviceNow({ signature }).ok).toBe(true);
  });

  it.each([
    ['a missing signature', { signature: null }, 'the x-servicenow-signature header is missing'],
    ['a missing timestamp', { timestamp: null }, 'the x-servicenow-timestamp header is missing'],
    ['a timestamp in milliseconds', { timestamp: String(now.getTime()) }, 'in Unix seconds'],
    ['a timestamp that is not a number', { timestamp: '2026-11-23T09:00:00Z' }, 'in Unix seconds'],
    ['a stale timestamp', { timestamp: stamp(-301) }, 'is 301 s old'],
    ['a timestamp from the future', { timestamp: stamp(301) }, 'is 301 s in the future'],
    [
      'a modified body',
      { body: Buffer.from('{"number":"RITM0012346","text":"caf\u00e9"}') },
      'does not match',
    ],
    ['another secret', { secret: `${SECRET}!` }, 'does not match'],
    [
      'a signature without the timestamp',
      { signature: `sha256=${hmac(body).toString('hex')}` },
      'does not match',
    ],
    ['a short signature', { signature: `sha256=${hmac(body).toString('hex').slice(2)}` }, 'does not match'],
  ])('refuses %s', (_, overrides, detail) => {
    const result = serviceNow(overrides);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).toContain(detail);
  });

  it('signs the timestamp with the body: a valid signature moved to another timestamp fails', () => {
    const signature = `sha256=${hmac(Buffer.concat([Buffer.from(`${stamp()}.`), body])).toString('hex')}`;
    expect(serviceNow({ signature, timestamp: stamp(1) }).ok).toBe(false);
  });
});

describe('verifyHubSignature (Jira)', () => {
  const signature = `sha256=${hmac(body).toString('hex')}`;
  it('accepts sha256=<hex> of the raw body', () => {
    expect(verifyHubSignature({ secret: SECRET, signature, body }).ok).toBe(true);
  });

  it.each([
    ['a missing signature', null],
    ['sha1', `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`],
    ['bare Base64 (Jira always says sha256=)', hmac(body).toString('base64')],
    ['a truncated hex', signature.slice(0, -2)],
    ['an odd number of hex digits', signature.slice(0, -1)],
    ['another secret', `sha256=${hmac(body, 'another').toString('hex')}`],
  ])('refuses %s', (_, given) => {
    expect(verifyHubSignature({ secret: SECRET, signature: given, body }).ok).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const changed = Buffer.from(body);
    changed[2] = changed[2]! ^ 1;
    expect(verifyHubSignature({ secret: SECRET, signature, body: changed }).ok).toBe(false);
  });
});
