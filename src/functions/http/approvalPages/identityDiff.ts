import type { IdentityPatchBody } from '../../../core/identity.js';
import type { Plan } from '../../../core/plan.js';
import { sameResourceId } from '../../../core/resourceId.js';

export type Change = 'added' | 'removed' | 'unchanged';

export interface IdentityDiffRow {
  /** `systemAssigned`, or a user-assigned identity's resource ID. */
  identity: string;
  before: boolean;
  after: boolean;
  change: Change;
  principalId?: string;
}

export interface IdentityDiff {
  typeBefore: string;
  typeAfter: string;
  rows: IdentityDiffRow[];
}

const changeOf = (before: boolean, after: boolean): Change =>
  before === after ? 'unchanged' : after ? 'added' : 'removed';

/** No identity write: after is before, whatever it holds. */
function unchanged(plan: Plan): IdentityDiff {
  const before = plan.targetIdentity;
  const system = before.type.includes('SystemAssigned');
  return {
    typeBefore: before.type,
    typeAfter: before.type,
    rows: [
      {
        identity: 'systemAssigned',
        before: system,
        after: system,
        change: 'unchanged',
        ...(before.principalId && system ? { principalId: before.principalId } : {}),
      },
      ...before.userAssignedIdentities.map((id): IdentityDiffRow => ({
        identity: id,
        before: true,
        after: true,
        change: 'unchanged',
      })),
    ],
  };
}

/**
 * The target's identity before and after the plan's PATCH. The PATCH carries the full desired `type` (ARM
 * replaces it), kept user-assigned identities as `{}` and removed ones as `null`: the after-state is read
 * from exactly the body that will be sent, so the page shows what ARM will be told, not what was asked.
 */
export function identityDiff(plan: Plan): IdentityDiff {
  const before = plan.targetIdentity;
  const write = plan.steps.find((s) => s.kind === 'updateIdentity' && s.change === 'write');
  const body = write?.calls[0]?.body as IdentityPatchBody | undefined;
  if (!body) return unchanged(plan);
  const typeAfter = body.identity.type;
  const sent = Object.entries(body.identity.userAssignedIdentities ?? {});
  const keepsUserAssigned = typeAfter.includes('UserAssigned');
  const hadUserAssigned = (id: string) => before.userAssignedIdentities.some((u) => sameResourceId(u, id));
  const removedBySend = (id: string) =>
    sent.some(([key, value]) => value === null && sameResourceId(key, id));
  const all = [...before.userAssignedIdentities];
  for (const [key] of sent) if (!all.some((u) => sameResourceId(u, key))) all.push(key);
  const userRows = all.map((id): IdentityDiffRow => {
    const was = hadUserAssigned(id);
    const will =
      keepsUserAssigned &&
      (was ? !removedBySend(id) : sent.some(([k, v]) => v !== null && sameResourceId(k, id)));
    return { identity: id, before: was, after: will, change: changeOf(was, will) };
  });
  const systemBefore = before.type.includes('SystemAssigned');
  const systemAfter = typeAfter.includes('SystemAssigned');
  const systemRow: IdentityDiffRow = {
    identity: 'systemAssigned',
    before: systemBefore,
    after: systemAfter,
    change: changeOf(systemBefore, systemAfter),
    ...(before.principalId && systemBefore ? { principalId: before.principalId } : {}),
  };
  return { typeBefore: before.type, typeAfter, rows: [systemRow, ...userRows] };
}
