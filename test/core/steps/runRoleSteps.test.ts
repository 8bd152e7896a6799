import { beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../../src/core/operation.js';
import { roleAssignmentName } from '../../../src/core/roleAssignmentName.js';
import { ROLE_PROPAGATION_NOTE, runAssignRoleStep } from '../../../src/core/steps/runAssignRoleStep.js';
import { runRemoveRoleStep } from '../../../src/core/steps/runRemoveRoleStep.js';
import { submitted } from '../../fakes/drive.js';
import { AA, KV, UA1, roleDefinitionId } from '../../fakes/ids.js';
import { type World, world } from '../../fakes/world.js';
import { contextFor } from './stepContexts.js';

const READER = roleDefinitionId('Reader');
const grant: Operation = { kind: 'assignRole', principal: UA1, role: 'Reader', scope: KV };
const removal: Operation = { kind: 'removeRoleAssignment', principal: UA1, role: 'Reader', scope: KV };

let w: World;
let principalId: string;
beforeEach(() => {
  w = world();
  principalId = w.arm.addUserAssignedIdentity(UA1);
  w.arm.addTarget(AA, { userAssigned: [UA1] });
});

describe('runAssignRoleStep', () => {
  it('checks a grant the plan found in place with a read, and sends no write', async () => {
    const existing = w.arm.addRoleAssignment(KV, 'Reader', principalId);
    const request = await submitted(w, [grant]);
    expect(await runAssignRoleStep(contextFor(w, request, 0))).toEqual({
      kind: 'done',
      results: new Map([
        [
          0,
          {
            status: 'noChange',
            roleAssignmentId: existing.id,
            roleDefinitionId: READER,
            principalId,
            origin: 'external',
            note: `${ROLE_PROPAGATION_NOTE} The assignment was made outside the broker, so it stays whenever this grant ends.`,
          },
        ],
      ]),
    });
    expect(w.arm.writes()).toEqual([]);
  });

  it('puts the same assignment again on a rerun, under the same name', async () => {
    const request = await submitted(w, [grant]);
    await runAssignRoleStep(contextFor(w, request, 0));
    await runAssignRoleStep(contextFor(w, request, 0));
    const names = w.arm.callsOf('createRoleAssignment').map((args) => (args[0] as { name: string }).name);
    expect(names).toEqual([
      roleAssignmentName(KV, principalId, READER),
      roleAssignmentName(KV, principalId, READER),
    ]);
    expect(w.arm.assignments).toHaveLength(1);
  });

  it('fails clearly when the identity to grant to no longer exists', async () => {
    const request = await submitted(w, [{ kind: 'enableSystemAssignedIdentity' }, grant]);
    w.arm.deleteUserAssignedIdentity(UA1);
    expect(await runAssignRoleStep(contextFor(w, request, 1))).toEqual({
      kind: 'failed',
      error: {
        code: 'principalNotFound',
        message: `the identity ${UA1} does not exist any more`,
        operation: 1,
      },
    });
  });

  it('lets ARM refuse a name taken by another principal (a recreated identity)', async () => {
    const request = await submitted(w, [grant]);
    w.arm.addRoleAssignment(KV, 'Reader', 'someone-else', roleAssignmentName(KV, principalId, READER));
    await expect(runAssignRoleStep(contextFor(w, request, 0))).rejects.toMatchObject({
      code: 'RoleAssignmentUpdateNotPermitted',
      retry: 'never',
    });
  });
});

describe('runRemoveRoleStep', () => {
  it('deletes what it finds and counts what is already gone as removed', async () => {
    const gone = w.arm.addRoleAssignment(KV, 'Reader', principalId);
    const request = await submitted(w, [removal]);
    await w.arm.deleteRoleAssignment(gone.id);
    const appeared = w.arm.addRoleAssignment(KV, 'Reader', principalId);
    expect(await runRemoveRoleStep(contextFor(w, request, 0))).toEqual({
      kind: 'done',
      results: new Map([
        [
          0,
          {
            status: 'succeeded',
            roleDefinitionId: READER,
            principalId,
            removedRoleAssignmentIds: [gone.id, appeared.id],
          },
        ],
      ]),
    });
    expect(w.arm.assignments).toEqual([]);
  });

  it("finds a deleted identity's leftover assignments by the principal ID the plan saw", async () => {
    const leftover = w.arm.addRoleAssignment(KV, 'Reader', principalId);
    const request = await submitted(w, [removal]);
    w.arm.deleteUserAssignedIdentity(UA1);
    await runRemoveRoleStep(contextFor(w, request, 0));
    expect(w.arm.callsOf('deleteRoleAssignment')).toEqual([[leftover.id]]);
  });

  it('reports no change when there was nothing to remove', async () => {
    const request = await submitted(w, [removal]);
    expect(await runRemoveRoleStep(contextFor(w, request, 0))).toEqual({
      kind: 'done',
      results: new Map([
        [0, { status: 'noChange', roleDefinitionId: READER, principalId, removedRoleAssignmentIds: [] }],
      ]),
    });
  });
});
