import { describe, expect, it } from 'vitest';
import { createTokenAuthority } from '../../dev/sandboxTokens.js';

const claims = { aud: 'https://127.0.0.1:1234', oid: 'oid-1', appid: 'app-1', tid: 'tenant-1' };

describe('createTokenAuthority', () => {
  it('verifies the tokens it issued and returns their claims', () => {
    const authority = createTokenAuthority();
    const { token, expiresOn } = authority.issue(claims, 600);
    const verified = authority.verify(token);
    expect(verified).toMatchObject({ ok: true, claims: { ...claims, exp: expiresOn } });
    expect(token.split('.')).toHaveLength(3);
  });

  it('reports an expired token as ExpiredAuthenticationToken', () => {
    const authority = createTokenAuthority();
    const { token } = authority.issue(claims, -5);
    expect(authority.verify(token)).toMatchObject({ ok: false, code: 'ExpiredAuthenticationToken' });
  });

  it('rejects a token signed by another authority or altered on the way', () => {
    const { token } = createTokenAuthority().issue(claims);
    const authority = createTokenAuthority();
    expect(authority.verify(token)).toMatchObject({ ok: false, code: 'InvalidAuthenticationToken' });
    const own = authority.issue(claims).token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, oid: 'someone-else', iat: 0, exp: 9e9 })).toString(
      'base64url',
    );
    expect(authority.verify(`${own[0]}.${forged}.${own[2]}`)).toMatchObject({
      ok: false,
      code: 'InvalidAuthenticationToken',
    });
    expect(authority.verify('not-a-jwt')).toMatchObject({ ok: false, code: 'InvalidAuthenticationToken' });
  });
});
