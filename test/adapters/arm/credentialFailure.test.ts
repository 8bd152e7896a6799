import {
  AggregateAuthenticationError,
  AuthenticationError,
  CredentialUnavailableError,
} from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { credentialFailure } from '../../../src/adapters/arm/credentialFailure.js';
import { toArmError } from '../../../src/adapters/arm/toArmError.js';

const unreachable = new CredentialUnavailableError(
  'ManagedIdentityCredential: Network unreachable. Message: connect ECONNREFUSED 127.0.0.1:1',
);

describe('a credential that cannot get a token', () => {
  it('is a transient ArmError naming the credential and the problem, in our words', () => {
    const e = toArmError(unreachable);
    expect(e).toMatchObject({ code: 'CredentialUnavailable', retry: 'transient', status: 0 });
    expect(e.message).toBe(
      "the broker's credential cannot get a token for Azure Resource Manager: the managed identity (IDENTITY_ENDPOINT) could not be reached",
    );
    expect(e.message).not.toContain('127.0.0.1');
  });

  it("reads DefaultAzureCredential's aggregate for the managed identity's failure", () => {
    const chain = new AggregateAuthenticationError(
      [
        new CredentialUnavailableError('EnvironmentCredential is unavailable.'),
        new CredentialUnavailableError(
          'ManagedIdentityCredential: Authentication failed. Message invalid_request',
        ),
      ],
      'ChainedTokenCredential authentication failed.',
    );
    expect(credentialFailure(chain)?.message).toMatch(
      /managed identity \(IDENTITY_ENDPOINT\) refused the token request$/,
    );
  });

  it('knows an AuthenticationError, and leaves anything else alone', () => {
    const refused = new AuthenticationError(400, {
      error: 'invalid_client',
      error_description: 'no such client',
    });
    expect(credentialFailure(refused)?.code).toBe('CredentialUnavailable');
    expect(credentialFailure(new Error('boom'))).toBeUndefined();
    expect(() => toArmError(new TypeError('a bug'))).toThrow(TypeError);
  });
});
