import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS } from '../../src/core/duration.js';
import { planRequest } from '../../src/core/planRequest.js';
import { FakeArm } from '../fakes/fakeArm.js';
import { AA, KV, UA1 } from '../fakes/ids.js';
import { draftOf } from '../fakes/world.js';

const NOW = new Date('2026-11-23T09:00:00.000Z');
const grantUntil = (expiresAt: string) =>
  draftOf([{ kind: 'assignRole', principal: UA1, role: 'Key Vault Secrets User', scope: KV, expiresAt }], AA);

const errorsFor = async (expiresAt: string) => {
  const arm = new FakeArm();
  arm.addUserAssignedIdentity(UA1);
  arm.addTarget(AA, { userAssigned: [UA1] });
  const result = await planRequest(grantUntil(expiresAt), arm, NOW);
  return result.ok ? [] : result.error.errors;
};

describe('expiresAt has the same upper bound as duration', () => {
  it('accepts an end exactly as far away as the longest duration', async () => {
    expect(await errorsFor(new Date(NOW.getTime() + MAX_DURATION_MS).toISOString())).toEqual([]);
  });

  it('refuses an end further away than the longest duration', async () => {
    expect(await errorsFor(new Date(NOW.getTime() + MAX_DURATION_MS + 1000).toISOString())).toEqual([
      {
        path: 'operations[0].expiresAt',
        message: 'is more than 3650 days away, the longest a grant may last',
      },
    ]);
    expect(await errorsFor('9999-12-31T23:59:59Z')).toHaveLength(1);
  });
});
