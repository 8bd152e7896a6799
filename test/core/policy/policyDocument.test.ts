import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';

const issues = (document: unknown) => {
  const result = policyDocumentSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('policy document', () => {
  it('defaults the forbidden roles to the three that can grant access, and the deadline to 24 hours', () => {
    expect(policyDocumentSchema.parse({ approvers: ['approver@contoso.com'] })).toEqual({
      approvers: ['approver@contoso.com'],
      forbiddenRoles: ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'],
      approvalTimeout: 'PT24H',
    });
  });

  it('keeps what the document says over the defaults, even an empty list of forbidden roles', () => {
    expect(
      policyDocumentSchema.parse({ approvers: ['a'], forbiddenRoles: [], approvalTimeout: 'P2D' }),
    ).toEqual({
      approvers: ['a'],
      forbiddenRoles: [],
      approvalTimeout: 'P2D',
    });
  });

  it('needs at least one approver, each without surrounding white space', () => {
    expect(issues({ approvers: [] })).toEqual(['approvers: must name at least one approver']);
    expect(issues({ approvers: [' a@contoso.com'] })).toEqual([
      'approvers.0: must not start or end with white space',
    ]);
    expect(issues({})).toHaveLength(1);
  });

  it('refuses a deadline that is not a duration it can measure', () => {
    expect(issues({ approvers: ['a'], approvalTimeout: 'P1M' })).toEqual([
      'approvalTimeout: must be an ISO 8601 duration such as PT24H',
    ]);
  });

  it('refuses a deadline over ten years', () => {
    expect(issues({ approvers: ['a'], approvalTimeout: 'P3651D' })).toEqual([
      'approvalTimeout: must be an ISO 8601 duration such as PT24H',
    ]);
    expect(issues({ approvers: ['a'], approvalTimeout: 'P3650D' })).toEqual([]);
  });

  it('refuses unknown fields', () => {
    const result = policyDocumentSchema.safeParse({ approvers: ['a'], autoApprove: ['Reader'] });
    expect(
      result.success
        ? []
        : result.error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys : i.code)),
    ).toEqual([['autoApprove']]);
  });
});
