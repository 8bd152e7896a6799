import { describe, expect, it } from 'vitest';
import { coverEntry } from '../../../src/core/activeWork/coverEntry.js';
import { DEFAULT_SWEEP_TIMING } from '../../../src/core/activeWork/lookAt.js';
import type { IdentityRequest } from '../../../src/core/identityRequest.js';
import { requestFixture } from '../../support/requestFixture.js';

const ASSIGNMENT = '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/a';

/** A request that succeeded long ago and holds a permanent grant: nothing to do, never finished for retention. */
const holding: IdentityRequest = {
  ...requestFixture(),
  state: 'succeeded',
  operations: [
    { kind: 'assignRole', principal: 'systemAssigned', role: 'Reader', scope: '/subscriptions/s' },
  ],
  results: [{ status: 'succeeded', principalId: 'p', roleDefinitionId: 'r', roleAssignmentId: ASSIGNMENT }],
  completedAt: '2026-11-23T09:05:00.000Z',
  updatedAt: '2026-11-23T09:05:00.000Z',
};

describe('the index entry a commit writes', () => {
  it("files a request as finished when the commit ends its last grant and leaves it nothing to do (another request's removal)", () => {
    const ended: IdentityRequest = {
      ...holding,
      version: holding.version + 1,
      results: [
        { ...(holding.results[0] as object), status: 'succeeded', revokedAt: '2026-12-20T10:00:00.000Z' },
      ],
      updatedAt: '2026-12-20T10:00:00.000Z',
    };
    // grantRevoked is no event on the topic: the commit leaves no outbox row, so no `due` entry covers it either.
    expect(
      coverEntry({ request: holding, outbox: [] }, { request: ended, outbox: [] }, DEFAULT_SWEEP_TIMING),
    ).toEqual({ kind: 'finished', requestId: holding.id, at: ended.updatedAt });
  });

  it('dates the entry when the request became finished, not when it completed: retention counts from then', () => {
    // Completed in November, its grant ended in December: RETENTION_DAYS counts from December, or a request
    // held for months would be pruned, with the record of its revocation, minutes after that revocation.
    const ended: IdentityRequest = {
      ...holding,
      version: holding.version + 1,
      results: [
        { ...(holding.results[0] as object), status: 'succeeded', revokedAt: '2027-03-01T08:00:00.000Z' },
      ],
      updatedAt: '2027-03-01T08:00:00.000Z',
    };
    const entry = coverEntry(
      { request: holding, outbox: [] },
      { request: ended, outbox: [] },
      DEFAULT_SWEEP_TIMING,
    );
    expect(entry?.at).toBe('2027-03-01T08:00:00.000Z');
  });

  it('writes nothing for a commit to a request that was finished already, or that still holds its grant', () => {
    const finished: IdentityRequest = { ...holding, results: [{ status: 'noChange' }] };
    expect(
      coverEntry({ request: finished, outbox: [] }, { request: finished, outbox: [] }, DEFAULT_SWEEP_TIMING),
    ).toBeUndefined();
    expect(
      coverEntry({ request: holding, outbox: [] }, { request: holding, outbox: [] }, DEFAULT_SWEEP_TIMING),
    ).toBeUndefined();
  });
});
