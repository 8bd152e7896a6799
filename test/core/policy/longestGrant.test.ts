import { describe, expect, it } from 'vitest';
import { longestGrant } from '../../../src/core/policy/longestGrant.js';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';
import { policyModelOf } from '../../../src/core/policy/policyModel.js';
import { KV, RG, SUB, roleDefinitionId } from '../../fakes/ids.js';

const model = policyModelOf(
  policyDocumentSchema.parse({
    version: 2,
    approvers: ['a9b8c7d6-0000-4000-8000-0000000000a1'],
    scopes: [
      { scope: '/' },
      { scope: RG, maxDuration: 'PT8H' },
      { scope: `/subscriptions/${SUB}/resourceGroups/rg-narrow`, allowedRoles: ['Reader'] },
    ],
    autoApprove: [
      { kind: 'roles', roles: ['* Reader', 'Reader'], scopeKinds: ['resource'], maxDuration: 'PT4H' },
      { kind: 'roles', roles: ['Reader'], maxDuration: 'P1D' },
    ],
  }),
);
const role = (roleName: 'Reader' | 'Contributor' | 'Owner', scope: string) =>
  longestGrant(model, { roleName, roleDefinitionId: roleDefinitionId(roleName) }, scope);
const OTHER_RG = `/subscriptions/${SUB}/resourceGroups/rg-other`;

describe('longestGrant', () => {
  it.each([
    {
      name: "the scope rule's limit first",
      role: 'Reader',
      scope: KV,
      limit: { kind: 'limit', maxDuration: 'PT8H', rule: `scopes[1] (${RG})` },
    },
    {
      name: 'else the most generous auto-approval',
      role: 'Reader',
      scope: `${OTHER_RG}/providers/Microsoft.KeyVault/vaults/kv`,
      limit: { kind: 'noApproval', maxDuration: 'P1D', rule: 'autoApprove[1]' },
    },
    { name: 'nothing when no rule speaks of an end', role: 'Contributor', scope: OTHER_RG, limit: undefined },
    { name: 'nothing for a forbidden role', role: 'Owner', scope: KV, limit: undefined },
    {
      name: 'nothing for a role the scope does not allow',
      role: 'Contributor',
      scope: `/subscriptions/${SUB}/resourceGroups/rg-narrow`,
      limit: undefined,
    },
  ] as const)('answers $name', ({ role: r, scope, limit }) => {
    expect(role(r, scope)).toEqual(limit);
  });
});
