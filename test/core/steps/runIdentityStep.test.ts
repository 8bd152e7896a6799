import { beforeEach, describe, expect, it } from 'vitest';
import { runIdentityStep } from '../../../src/core/steps/runIdentityStep.js';
import { submitted } from '../../fakes/drive.js';
import { FakeArm } from '../../fakes/fakeArm.js';
import { AA, TENANT, UA1, UA2, VM } from '../../fakes/ids.js';
import { requestOf } from '../../fakes/requestBuilder.js';
import { type World, world } from '../../fakes/world.js';
import { contextFor } from './stepContexts.js';

let w: World;
beforeEach(() => {
  w = world();
  w.arm.addUserAssignedIdentity(UA1);
  w.arm.addUserAssignedIdentity(UA2);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
});

describe('runIdentityStep', () => {
  it('reports each operation against the plan, with the IDs ARM gave', async () => {
    const request = await submitted(w, [
      { kind: 'enableSystemAssignedIdentity' },
      { kind: 'attachUserAssignedIdentity', identity: UA2 },
      { kind: 'detachUserAssignedIdentity', identity: UA1 },
    ]);
    const outcome = await runIdentityStep(contextFor(w, request, 0), 10_000);
    const after = w.arm.identityOf(AA);
    expect(outcome).toEqual({
      kind: 'done',
      results: new Map([
        [0, { status: 'succeeded', principalId: after?.principalId, tenantId: TENANT }],
        [
          1,
          {
            status: 'succeeded',
            principalId: after?.userAssigned[0]?.principalId,
            clientId: after?.userAssigned[0]?.clientId,
          },
        ],
        [2, { status: 'succeeded' }],
      ]),
    });
    expect(after?.userAssigned.map((u) => u.id)).toEqual([UA2]);
  });

  it('sends nothing when rerun after a crash, and reports what the first run did', async () => {
    const request = await submitted(w, [{ kind: 'enableSystemAssignedIdentity' }]);
    const first = await runIdentityStep(contextFor(w, request, 0), 10_000);
    const rerun = await runIdentityStep(contextFor(w, request, 0), 10_000);
    expect(rerun).toEqual(first);
    expect(w.arm.callsOf('beginIdentityUpdate')).toHaveLength(1);
  });

  it('fails when the target is gone', async () => {
    const request = requestOf({ target: VM, targetKind: 'virtualMachine' });
    expect(await runIdentityStep(contextFor(w, request, 0), 10_000)).toEqual({
      kind: 'failed',
      error: { code: 'targetNotFound', message: `${VM} no longer exists` },
    });
  });

  it('throws when ARM reports success without the system identity it was asked to enable', async () => {
    class ForgetfulArm extends FakeArm {
      override async beginIdentityUpdate() {
        return { status: 'done' as const, identity: { type: 'None' as const, userAssigned: [] } };
      }
    }
    const arm = new ForgetfulArm().addTarget(AA);
    const request = requestOf();
    await expect(runIdentityStep({ ...contextFor(w, request, 0), arm }, 10_000)).rejects.toThrow(
      'ARM reported success but the system-assigned identity is not enabled',
    );
  });
});
