import { describe, expect, it } from 'vitest';
import { wrongStateMessage } from '../../../src/core/useCases/wrongStateMessage.js';

describe('why a decision does not fit', () => {
  it('says where the request is, in words', () => {
    expect(wrongStateMessage('rejected', 'requestRejected')).toBe('the request was already rejected');
    expect(wrongStateMessage('rejected', 'requestApproved')).toBe(
      'the request was already rejected, so it cannot be approved',
    );
    expect(wrongStateMessage('applying', 'requestCancelled')).toBe(
      'the request is already being applied, so it cannot be cancelled',
    );
    expect(wrongStateMessage('awaitingApproval', 'revocationRequested')).toBe(
      'the request is still awaiting approval, so it cannot be revoked',
    );
  });
});
