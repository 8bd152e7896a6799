import { describe, expect, it } from 'vitest';
import { publicArmMessage, publicError } from '../../src/core/publicArmMessage.js';

const armText =
  "The client '54612355-9c69-4101-aab6-bab87a3e20dd' with object id '54612355-9c69-4101-aab6-bab87a3e20dd' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '/subscriptions/x'";

describe('what callers are told about an ARM failure', () => {
  it.each([
    'AuthorizationFailed',
    'LinkedAuthorizationFailed',
    'RoleAssignmentLimitExceeded',
    'RoleAssignmentUpdateNotPermitted',
    'PrincipalNotFound',
  ])('%s is told in our words, without ARM text', (code) => {
    const message = publicArmMessage(code, armText);
    expect(message).not.toContain('54612355');
    expect(message).not.toContain('object id');
    expect(message.length).toBeGreaterThan(10);
  });

  it('falls back to a message naming the code', () => {
    expect(publicArmMessage('SomethingNew', armText)).toBe(
      'Azure Resource Manager refused the call (SomethingNew)',
    );
  });

  it("keeps the executor's own suffix and the broker's own codes untouched", () => {
    expect(publicArmMessage('ServiceUnavailable', 'try later (gave up after 8 attempts)')).toBe(
      'Azure Resource Manager is unavailable (gave up after 8 attempts)',
    );
    expect(publicArmMessage('principalChanged', 'the principal changed from a to b')).toBe(
      'the principal changed from a to b',
    );
  });

  it('rewrites only the message of a { code, message } value', () => {
    expect(publicError({ step: 0, code: 'AuthorizationFailed', message: armText, operation: 1 })).toEqual({
      step: 0,
      code: 'AuthorizationFailed',
      message: expect.not.stringContaining('54612355'),
      operation: 1,
    });
    expect(publicError({ reasons: ['x'] })).toEqual({ reasons: ['x'] });
  });
});
