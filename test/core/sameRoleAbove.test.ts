import { describe, expect, it } from 'vitest';
import { sameRoleAbove } from '../../src/core/sameRoleAbove.js';
import { KV, RG, SUB, roleDefinitionId } from '../fakes/ids.js';

const MG = '/providers/Microsoft.Management/managementGroups/mg-platform';
const at = (scope: string, role: 'Reader' | 'Key Vault Secrets User' = 'Key Vault Secrets User') => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
  scope,
  roleDefinitionId: roleDefinitionId(role),
  principalId: 'p1',
});

describe('sameRoleAbove', () => {
  it.each([
    { name: 'the resource group above', list: [at(RG)], scope: KV, above: [RG] },
    { name: 'a management group, above any subscription', list: [at(MG)], scope: KV, above: [MG] },
    { name: 'not a management group under one asked at', list: [at(MG)], scope: MG, above: [] },
    { name: 'not the scope itself, however cased', list: [at(KV.toLowerCase())], scope: KV, above: [] },
    { name: 'not a scope below', list: [at(`${KV}/secrets/one`)], scope: KV, above: [] },
    { name: 'not another role', list: [at(RG, 'Reader')], scope: KV, above: [] },
    {
      name: 'each scope once',
      list: [at(RG), at(RG), at(`/subscriptions/${SUB}`)],
      scope: KV,
      above: [RG, `/subscriptions/${SUB}`],
    },
  ])('finds $name', ({ list, scope, above }) => {
    expect(sameRoleAbove(list, scope, roleDefinitionId('Key Vault Secrets User'))).toEqual(above);
  });
});
