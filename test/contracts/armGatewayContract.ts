import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArmError } from '../../src/core/armError.js';
import type { ArmGateway, IdentityUpdate } from '../../src/core/ports.js';
import type { TargetKind } from '../../src/core/targetTypes.js';

const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const ASSIGNMENTS = '/providers/Microsoft.Authorization/roleAssignments/';

/** ARM as a contract test sees it: the gateway, what exists behind it, and the few knobs ARM's behaviour has. */
export interface ArmWorld {
  arm: ArmGateway;
  subscriptionId: string;
  /** An Automation account with no identity. */
  plainAccount: string;
  /** A virtual machine with no identity. */
  plainVm: string;
  /** Two user-assigned identities the broker may attach. */
  identity: string;
  otherIdentity: string;
  /** A resource group where role assignments may be made, and a resource in it. */
  group: string;
  resourceInGroup: string;
  /** The next `attempts` role assignment PUTs naming this principal answer PrincipalNotFound. */
  delayPrincipal(principalId: string, attempts: number): void;
  /** How many looks a VM's identity update takes before it is done. */
  setVmPolls(looks: number): void;
}

async function armError(call: () => Promise<unknown>): Promise<ArmError> {
  try {
    await call();
  } catch (e) {
    if (e instanceof ArmError) return e;
    throw e;
  }
  throw new Error('expected an ArmError');
}

async function finish(w: ArmWorld, target: string, kind: TargetKind, first: IdentityUpdate) {
  let update = first;
  for (let look = 0; update.status === 'inProgress' && look < 10; look++)
    update = await w.arm.resumeIdentityUpdate(target, kind, update.resumeToken);
  if (update.status !== 'done') throw new Error('the update never finished');
  return update.identity;
}

const sameIds = (a: string[], b: string[]) =>
  expect(new Set(a.map((x) => x.toLowerCase()))).toEqual(new Set(b.map((x) => x.toLowerCase())));

/**
 * What every ArmGateway must do, as ARM's REST behaviour has it: the real gateway on the ARM sandbox and
 * the FakeArm the core tests use pass the same checks.
 */
export function armGatewayContract(name: string, make: () => Promise<ArmWorld>): void {
  let w: ArmWorld;
  beforeEach(async () => {
    w = await make();
  });
  const attach = (target: string, ids: Record<string, Record<string, never> | null>, system = false) =>
    w.arm.beginIdentityUpdate(target, 'automationAccount', {
      identity: {
        type: system ? 'SystemAssigned, UserAssigned' : 'UserAssigned',
        userAssignedIdentities: ids,
      },
    });

  describe(`${name}: identities`, () => {
    it('reads an account without an identity as None, and a missing one as undefined', async () => {
      expect(await w.arm.getTargetIdentity(w.plainAccount, 'automationAccount')).toEqual({
        type: 'None',
        userAssigned: [],
      });
      const missing = w.plainAccount.replace(/[^/]+$/, 'aa-not-there');
      expect(await w.arm.getTargetIdentity(missing, 'automationAccount')).toBeUndefined();
      const refused = await armError(() =>
        w.arm.beginIdentityUpdate(missing, 'automationAccount', { identity: { type: 'SystemAssigned' } }),
      );
      expect([refused.status, refused.retry]).toEqual([404, 'never']);
    });

    it('enables the system identity and reports its principal and tenant, as a read does after', async () => {
      const done = await w.arm.beginIdentityUpdate(w.plainAccount, 'automationAccount', {
        identity: { type: 'SystemAssigned' },
      });
      const identity = await finish(w, w.plainAccount, 'automationAccount', done);
      expect(identity).toMatchObject({ type: 'SystemAssigned', userAssigned: [] });
      expect(identity.principalId).toMatch(/^[0-9a-f-]{36}$/);
      expect(identity.tenantId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await w.arm.getTargetIdentity(w.plainAccount, 'automationAccount')).toEqual(identity);
    });

    it('replaces with `type`: SystemAssigned alone drops every user-assigned identity', async () => {
      await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await attach(w.plainAccount, { [w.identity]: {} }, true),
      );
      const after = await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await w.arm.beginIdentityUpdate(w.plainAccount, 'automationAccount', {
          identity: { type: 'SystemAssigned' },
        }),
      );
      expect(after).toMatchObject({ type: 'SystemAssigned', userAssigned: [] });
    });

    it('merges the user-assigned map: {} adds or keeps, null removes that one only', async () => {
      await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await attach(w.plainAccount, { [w.identity]: {} }),
      );
      const both = await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await attach(w.plainAccount, { [w.otherIdentity]: {} }),
      );
      sameIds(
        both.userAssigned.map((u) => u.id),
        [w.identity, w.otherIdentity],
      );
      const one = await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await attach(w.plainAccount, { [w.identity]: null }),
      );
      sameIds(
        one.userAssigned.map((u) => u.id),
        [w.otherIdentity],
      );
      expect(one.type).toBe('UserAssigned');
    });

    it("reports each attached identity's principal and client ID, as the identity itself has them", async () => {
      const done = await finish(
        w,
        w.plainAccount,
        'automationAccount',
        await attach(w.plainAccount, { [w.identity]: {} }),
      );
      const own = await w.arm.getUserAssignedIdentity(w.identity);
      expect(own?.principalId).toMatch(/^[0-9a-f-]{36}$/);
      expect(done.userAssigned).toEqual([
        {
          id: expect.stringMatching(new RegExp(`${w.identity.split('/').pop()}$`, 'i')),
          principalId: own?.principalId,
          clientId: own?.clientId,
        },
      ]);
    });

    it('refuses for good to attach an identity that does not exist, changing nothing', async () => {
      const missing = w.identity.replace(/[^/]+$/, 'id-not-there');
      const refused = await armError(() => attach(w.plainAccount, { [missing]: {} }));
      expect([refused.status, refused.retry]).toEqual([400, 'never']);
      expect(await w.arm.getTargetIdentity(w.plainAccount, 'automationAccount')).toMatchObject({
        type: 'None',
      });
      expect(await w.arm.getUserAssignedIdentity(missing)).toBeUndefined();
    });
  });

  describe(`${name}: a VM's identity update is a long-running operation`, () => {
    it('answers in progress with a token to resume, and changes the identity only when done', async () => {
      w.setVmPolls(2);
      const started = await w.arm.beginIdentityUpdate(w.plainVm, 'virtualMachine', {
        identity: { type: 'SystemAssigned' },
      });
      expect(started.status).toBe('inProgress');
      expect(await w.arm.getTargetIdentity(w.plainVm, 'virtualMachine')).toMatchObject({ type: 'None' });
      const done = await finish(w, w.plainVm, 'virtualMachine', started);
      expect(done.type).toBe('SystemAssigned');
      expect(await w.arm.getTargetIdentity(w.plainVm, 'virtualMachine')).toEqual(done);
    });
  });

  describe(`${name}: role definitions and assignments`, () => {
    const principal = async () => (await w.arm.getUserAssignedIdentity(w.identity))?.principalId as string;
    const readerAt = async () => (await w.arm.findRoleDefinition(w.group, 'Reader'))?.id as string;
    const create = async (name = randomUUID(), principalId?: string, scope = w.group) =>
      w.arm.createRoleAssignment({
        scope,
        name,
        roleDefinitionId: await readerAt(),
        principalId: principalId ?? (await principal()),
      });

    it('finds a role by name in any case or by GUID, as its subscription-level ID, and nothing for an unknown name', async () => {
      const id = `/subscriptions/${w.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${READER}`;
      expect(await w.arm.findRoleDefinition(w.group, 'reader')).toEqual({ id, roleName: 'Reader' });
      expect(await w.arm.findRoleDefinition(w.group, READER)).toEqual({ id, roleName: 'Reader' });
      expect(await w.arm.findRoleDefinition(w.group, 'No Such Role')).toBeUndefined();
    });

    it('creates an assignment under the name given and lists it at, above and below its scope', async () => {
      const name = randomUUID();
      const made = await create(name);
      expect(made).toEqual({ id: `${w.group}${ASSIGNMENTS}${name}`, created: true });
      const expected = [
        { id: made.id, scope: w.group, roleDefinitionId: await readerAt(), principalId: await principal() },
      ];
      const listed = (scope: string) => w.arm.listRoleAssignments(scope, expected[0]?.principalId as string);
      const lower = (list: Array<Record<string, string>>) =>
        list.map((a) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.toLowerCase()])));
      for (const scope of [w.group, `/subscriptions/${w.subscriptionId}`, w.resourceInGroup])
        expect(lower((await listed(scope)) as never)).toEqual(lower(expected as never));
      expect(await w.arm.listRoleAssignments(w.group, randomUUID())).toEqual([]);
    });

    it('takes the same PUT again as success, and refuses the same grant under another name with RoleAssignmentExists', async () => {
      const name = randomUUID();
      await create(name);
      // ARM answers 201 again, as the sandbox does: a rerun after a crash reports what the first run did.
      expect(await create(name)).toEqual({ id: `${w.group}${ASSIGNMENTS}${name}`, created: true });
      const exists = await armError(() => create());
      expect([exists.status, exists.code, exists.retry]).toEqual([409, 'RoleAssignmentExists', 'never']);
    });

    it('refuses a name already given to another principal with RoleAssignmentUpdateNotPermitted', async () => {
      const name = randomUUID();
      await create(name);
      const other = (await w.arm.getUserAssignedIdentity(w.otherIdentity))?.principalId as string;
      const refused = await armError(() => create(name, other));
      expect([refused.status, refused.code, refused.retry]).toEqual([
        400,
        'RoleAssignmentUpdateNotPermitted',
        'never',
      ]);
    });

    it('answers PrincipalNotFound while a principal replicates, and for one the directory does not have', async () => {
      const id = await principal();
      w.delayPrincipal(id, 1);
      const waiting = await armError(() => create());
      expect([waiting.status, waiting.code, waiting.retry]).toEqual([
        400,
        'PrincipalNotFound',
        'replicationDelay',
      ]);
      expect((await create()).created).toBe(true);
      const unknown = await armError(() => create(randomUUID(), randomUUID()));
      expect([unknown.code, unknown.retry]).toEqual(['PrincipalNotFound', 'replicationDelay']);
    });

    it('deletes an assignment, and says notFound for one already gone', async () => {
      const made = await create();
      expect(await w.arm.deleteRoleAssignment(made.id)).toBe('deleted');
      expect(await w.arm.deleteRoleAssignment(made.id)).toBe('notFound');
      expect(await w.arm.listRoleAssignments(w.group, await principal())).toEqual([]);
    });
  });
}
