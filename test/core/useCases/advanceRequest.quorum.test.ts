import { beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/operation.js';
import { advance, approved, submitted, stateOf } from '../../fakes/drive.js';
import { UA2 } from '../../fakes/ids.js';
import { type World, defaultPolicy } from '../../fakes/world.js';
import { executorWorld } from './executorScenarios.js';

const attach: Operation = { kind: 'attachUserAssignedIdentity', identity: UA2 };
const quorumOf = (quorum: number) => defaultPolicy({ version: 2, scopes: [{ scope: '/', quorum }] });

let w: World;
beforeEach(() => {
  w = executorWorld();
});

describe('advanceRequest: the quorum is checked again before the first ARM write', () => {
  it.each([
    {
      name: 'a request approved by one when policy now needs two',
      before: defaultPolicy(),
      after: quorumOf(2),
      decide: approved,
      message: 'policy now needs 2 approvals and this request has 1',
    },
    {
      name: 'an auto-approved request when policy now needs a person',
      before: defaultPolicy({ version: 2, scopes: [{ scope: '/', identityOperationsNeedApproval: false }] }),
      after: defaultPolicy(),
      decide: submitted,
      message: 'policy now needs 1 approval and this request has 0',
    },
  ])('fails $name, with no ARM write', async ({ before, after, decide, message }) => {
    w.policy = before;
    const request = await decide(w, [attach]);
    expect(request.state).toBe('approved');
    w.policy = after;
    expect(await advance(w, request.id)).toEqual({
      action: 'committed',
      state: 'failed',
      events: ['requestFailed'],
    });
    const failed = await stateOf(w, request.id);
    expect(failed.error?.code).toBe('approvalsMissing');
    expect(failed.error?.message).toContain(message);
    expect(w.arm.writes()).toEqual([]);
  });

  it('carries on when the approvals given still meet the quorum policy asks for now', async () => {
    const request = await approved(w, [attach]);
    w.policy = defaultPolicy({ version: 2, scopes: [{ scope: '/', quorum: 1 }] });
    expect(await advance(w, request.id)).toMatchObject({ action: 'committed', state: 'succeeded' });
    expect(w.arm.writes().map((c) => c.method)).toEqual(['beginIdentityUpdate']);
  });
});
