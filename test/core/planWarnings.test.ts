import { describe, expect, it } from 'vitest';
import type { TargetIdentity } from '../../src/core/identity.js';
import type { Operation } from '../../src/core/operation.js';
import type { Plan, PlannedStep } from '../../src/core/plan.js';
import { planWarnings } from '../../src/core/planWarnings.js';
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
      "'Contributor' at subscription scope: consider a narrower scope (a resource group or resource).",
      "'Contributor' at managementGroup scope: consider a narrower scope (a resource group or resource).",
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
