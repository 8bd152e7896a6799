import { describe, expect, it } from 'vitest';
import { formatPath } from '../../../src/core/fieldError.js';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';
import { APPROVER_ID } from './policyFixture.js';

const RG = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-app';
const problemsOf = (doc: Record<string, unknown>) => {
  const parsed = policyDocumentSchema.safeParse({ approvers: [APPROVER_ID], ...doc });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
};

describe('a version 2 policy that does not parse', () => {
  it.each([
    [
      'an approver named by UPN',
      { version: 2, scopes: [{ scope: RG, approvers: ['ann@contoso.com'] }] },
      'scopes[0].approvers[0]: "ann@contoso.com" is a name, not an identity: use the object ID, role:<app role> or group:<group object ID>',
    ],
    [
      'two rules with one prefix (a trailing slash and casing aside)',
      {
        version: 2,
        scopes: [{ scope: RG }, { scope: `${RG.replace('resourceGroups', 'resourcegroups')}/` }],
      },
      'scopes[1].scope: is the same prefix as scopes[0]: ambiguous',
    ],
    [
      'a prefix that is no scope',
      { version: 2, scopes: [{ scope: '/subscriptions/abc' }] },
      'scopes[0].scope: "/subscriptions/abc" is not a scope: it has a subscription ID that is not a GUID',
    ],
    [
      'a forbidden role listed as allowed',
      { version: 2, scopes: [{ scope: RG, allowedRoles: ['Reader', 'owner'] }] },
      'scopes[0].allowedRoles[1]: "owner" is a forbidden role',
    ],
    ['scope rules without version 2', { scopes: [{ scope: RG }] }, 'scopes: needs "version": 2'],
    [
      'a quorum of 0',
      { version: 2, scopes: [{ scope: RG, quorum: 0 }] },
      'scopes[0].quorum: Too small: expected number to be >=1',
    ],
    [
      'an auto-approval without an end',
      { version: 2, autoApprove: [{ kind: 'roles', roles: ['Reader'] }] },
      'autoApprove[0].maxDuration: Invalid input: expected string, received undefined',
    ],
  ])('%s', (_name, doc, problem) => {
    expect(problemsOf(doc)).toEqual([problem]);
  });

  it('accepts the sample policy', async () => {
    const { readFileSync } = await import('node:fs');
    const sample = JSON.parse(readFileSync(new URL('../../../policy.sample.json', import.meta.url), 'utf8'));
    expect(policyDocumentSchema.safeParse(sample).error?.issues ?? []).toEqual([]);
  });
});
