import { describe, expect, it } from 'vitest';
import type { TargetIdentity } from '../../src/core/identity.js';
import type { Operation } from '../../src/core/operation.js';
import type { Plan, PlannedStep } from '../../src/core/plan.js';
import type { GrantLimit } from '../../src/core/grantLimit.js';
import { type PlanHints, planWarnings } from '../../src/core/planWarnings.js';
import { AA, KV, RG, SUB, UA1, UA2, roleDefinitionId } from '../fakes/ids.js';
import { draftOf } from '../fakes/world.js';

const identityStep = (change: 'write' | 'none', operations = [0]): PlannedStep => ({
  kind: 'updateIdentity',
  operations,
  change,
  calls: change === 'write' ? [{ method: 'PATCH', path: AA, body: {} }] : [],
});
const grantStep = (scope: string, principalId?: string, change: 'write' | 'none' = 'write'): PlannedStep => ({
  kind: 'assignRole',
  operations: [1],
  change,
  calls: [],
  role: {
    roleDefinitionId: roleDefinitionId('Contributor'),
    roleName: 'Contributor',
    scope,
    ...(principalId ? { principalId } : {}),
  },
});
const planOf = (...steps: PlannedStep[]): Plan => ({
  computedAt: '2026-11-23T09:00:00.000Z',
  targetIdentity: { type: 'None', userAssignedIdentities: [] },
  steps,
  warnings: [],
});
const current = (system: boolean, ...userAssigned: string[]): TargetIdentity => ({
  type: system ? 'SystemAssigned, UserAssigned' : 'UserAssigned',
  ...(system ? { principalId: 'old-system-principal' } : {}),
  userAssigned: userAssigned.map((id) => ({ id })),
});
const enable: Operation = { kind: 'enableSystemAssignedIdentity' };
const disable: Operation = { kind: 'disableSystemAssignedIdentity' };
const grant = (scope: string): Operation => ({
  kind: 'assignRole',
  principal: UA1,
  role: 'Contributor',
  scope,
});

describe('planWarnings', () => {
  it('explains why the PATCH that enables the system identity lists the attached user-assigned ones', () => {
    expect(planWarnings(draftOf([enable]), planOf(identityStep('write')), current(false, UA1, UA2))).toEqual([
      "The PATCH lists the 2 user-assigned identities already attached: ARM replaces the identity type, so a PATCH of type 'SystemAssigned' alone would remove them.",
    ]);
    expect(planWarnings(draftOf([enable]), planOf(identityStep('write')), current(false, UA1))).toEqual([
      "The PATCH lists the 1 user-assigned identity already attached: ARM replaces the identity type, so a PATCH of type 'SystemAssigned' alone would remove it.",
    ]);
  });

  it('warns that disabling the system identity deletes its service principal', () => {
    expect(planWarnings(draftOf([disable]), planOf(identityStep('write')), current(true))).toEqual([
      'Disabling the system-assigned identity deletes its service principal (old-system-principal); its role assignments stop working and remain as "Identity not found" until removed.',
    ]);
  });

  it('says nothing about the identity when the identity step writes nothing', () => {
    expect(planWarnings(draftOf([enable]), planOf(identityStep('none')), current(false, UA1))).toEqual([]);
    expect(planWarnings(draftOf([disable]), planOf(identityStep('none')), current(false))).toEqual([]);
  });

  it('suggests a narrower scope for a grant at subscription or management group scope', () => {
    const mg = '/providers/Microsoft.Management/managementGroups/mg-platform';
    const plan = planOf(
      grantStep(`/subscriptions/${SUB}`, 'p1'),
      grantStep(mg, 'p1'),
      grantStep(RG, 'p1'),
      grantStep(KV, 'p1'),
    );
    expect(planWarnings(draftOf([grant(`/subscriptions/${SUB}`)]), plan, current(false, UA1))).toEqual([
      `'Contributor' at subscription scope reaches everything under it: grant it at ${RG} instead.`,
      `'Contributor' at managementGroup scope reaches everything under it: grant it at ${RG} instead.`,
    ]);
  });

  it('does not warn about a grant that is already in place', () => {
    const plan = planOf(grantStep(`/subscriptions/${SUB}`, 'p1', 'none'));
    expect(planWarnings(draftOf([grant(`/subscriptions/${SUB}`)]), plan, current(false, UA1))).toEqual([]);
  });

  it('says when the grantee is a system identity that does not exist yet', () => {
    const plan = planOf(identityStep('write'), grantStep(KV));
    expect(planWarnings(draftOf([enable, grant(KV)]), plan, current(false))).toEqual([
      "'Contributor' is granted to the system-assigned identity this request enables; the assignment's name is derived once its principal ID is known.",
    ]);
  });
});

describe('planWarnings: least-privilege hints on a grant', () => {
  const SUB_SCOPE = `/subscriptions/${SUB}`;
  const OTHER_SUB = '/subscriptions/22222222-2222-2222-2222-222222222222';
  const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';
  const ST = `${RG}/providers/Microsoft.Storage/storageAccounts/stapp`;
  const grantOf = (role: string, scope: string, end: { duration?: string } = {}): Operation => ({
    kind: 'assignRole',
    principal: UA1,
    role,
    scope,
    ...end,
  });
  /** The request's operation 1 is the grant under test; operation 0 another the request names. */
  const hintsFor = (grantOp: Operation, other: Operation = enable, hints: PlanHints = {}) => {
    if (grantOp.kind !== 'assignRole') throw new Error('a grant');
    const step: PlannedStep = {
      kind: 'assignRole',
      operations: [1],
      change: 'write',
      calls: [],
      role: { roleDefinitionId: 'id', roleName: grantOp.role, scope: grantOp.scope, principalId: 'p1' },
    };
    return planWarnings(draftOf([other, grantOp]), planOf(step), current(false, UA1), hints);
  };

  it.each([
    {
      grant: grantOf('Owner', SUB_SCOPE),
      hint: `'Owner' at subscription scope reaches everything under it: grant it at ${RG} instead.`,
    },
    {
      grant: grantOf('User Access Administrator', MG),
      hint: `'User Access Administrator' at managementGroup scope reaches everything under it: grant it at ${RG} instead.`,
    },
    {
      grant: grantOf('Key Vault Contributor', SUB_SCOPE),
      hint: `'Key Vault Contributor' at subscription scope reaches everything under it: grant it at ${RG} instead. 'Key Vault Contributor' manages vaults, not their data: reading secrets needs only 'Key Vault Secrets User'.`,
    },
    {
      grant: grantOf('Storage Account Contributor', SUB_SCOPE),
      other: grantOf('Reader', ST),
      hint: `'Storage Account Contributor' at subscription scope reaches everything under it: grant it at ${ST} instead. 'Storage Account Contributor' manages accounts and can list their keys, which open all of an account's data: reading blobs needs only 'Storage Blob Data Reader'.`,
    },
    {
      grant: grantOf('Contributor', OTHER_SUB),
      hint: `'Contributor' at subscription scope reaches everything under it: grant it at a resource group or resource instead.`,
    },
    {
      grant: grantOf('Reader', SUB_SCOPE),
      hint: "'Reader' at subscription scope: consider a narrower scope (a resource group or resource).",
    },
    {
      grant: grantOf('key vault contributor', KV),
      hint: "'key vault contributor' manages vaults, not their data: reading secrets needs only 'Key Vault Secrets User'.",
    },
    { grant: grantOf('Contributor', RG), hint: undefined },
    {
      grant: grantOf('Key Vault Secrets User', SUB_SCOPE),
      hint: "'Key Vault Secrets User' at subscription scope: consider a narrower scope (a resource group or resource).",
    },
  ])('$grant.role at $grant.scope', ({ grant: g, other, hint }) => {
    expect(hintsFor(g, other)).toEqual(hint ? [hint] : []);
  });

  it.each<{ name: string; limit: GrantLimit | undefined; end?: { duration: string }; note?: string }>([
    {
      name: 'a scope rule limit, which refuses it without an end',
      limit: { kind: 'limit', maxDuration: 'PT8H', rule: `scopes[1] (${RG})` },
      note: `'Reader' has no end, and scopes[1] (${RG}) allows grants of at most PT8H here: give it a duration of PT8H or less (policy refuses it without one).`,
    },
    {
      name: 'an auto-approval an end would earn',
      limit: { kind: 'noApproval', maxDuration: 'P1D', rule: 'autoApprove[0]' },
      note: "'Reader' has no end: with a duration of P1D or less it would need no approval (autoApprove[0]).",
    },
    { name: 'nothing policy says about an end', limit: undefined },
    {
      name: 'a grant that already ends',
      limit: { kind: 'noApproval', maxDuration: 'P1D', rule: 'autoApprove[0]' },
      end: { duration: 'PT1H' },
    },
  ])('notes a grant without an end against $name', ({ limit, end, note }) => {
    const warnings = hintsFor(grantOf('Reader', KV, end ?? {}), enable, { longestGrant: () => limit });
    expect(warnings.filter((w) => !w.includes('is time-bound'))).toEqual(note ? [note] : []);
  });

  it('notes a grant the identity already holds higher up', () => {
    const grantOp = grantOf('Key Vault Secrets User', KV);
    expect(hintsFor(grantOp, enable, { heldAbove: new Map([[1, [RG, SUB_SCOPE]]]) })).toEqual([
      `'Key Vault Secrets User' is already held by this identity at ${RG}, which includes ${KV}: this grant adds nothing while that assignment stays.`,
    ]);
    expect(hintsFor(grantOp, enable, { heldAbove: new Map([[1, []]]) })).toEqual([]);
  });
});
