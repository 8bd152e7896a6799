import { describe, expect, it } from 'vitest';
import { policyDocumentSchema } from '../../../src/core/policy/policyDocument.js';

const OID = '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a';

const issues = (document: unknown) => {
  const result = policyDocumentSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('policy document', () => {
  it('defaults the forbidden roles to the three that can grant access, and the deadline to 24 hours', () => {
    expect(policyDocumentSchema.parse({ approvers: [OID] })).toEqual({
      approvers: [OID],
      forbiddenRoles: ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'],
      approvalTimeout: 'PT24H',
      services: {},
    });
  });

  it('keeps what the document says over the defaults, even an empty list of forbidden roles', () => {
    expect(
      policyDocumentSchema.parse({ approvers: ['role:A'], forbiddenRoles: [], approvalTimeout: 'P2D' }),
    ).toEqual({
      approvers: ['role:A'],
      forbiddenRoles: [],
      approvalTimeout: 'P2D',
      services: {},
    });
  });

  it('needs at least one approver', () => {
    expect(issues({ approvers: [] })).toEqual(['approvers: must name at least one approver']);
    expect(issues({})).toHaveLength(1);
  });

  it('refuses a deadline that is not a duration it can measure', () => {
    expect(issues({ approvers: ['role:A'], approvalTimeout: 'P1M' })).toEqual([
      'approvalTimeout: must be an ISO 8601 duration such as PT24H',
    ]);
  });

  it('refuses a deadline over ten years', () => {
    expect(issues({ approvers: ['role:A'], approvalTimeout: 'P3651D' })).toEqual([
      'approvalTimeout: must be an ISO 8601 duration such as PT24H',
    ]);
    expect(issues({ approvers: ['role:A'], approvalTimeout: 'P3650D' })).toEqual([]);
  });

  it('refuses unknown fields', () => {
    const result = policyDocumentSchema.safeParse({ approvers: ['role:A'], autoApproveRoles: ['Reader'] });
    expect(
      result.success
        ? []
        : result.error.issues.map((i) => (i.code === 'unrecognized_keys' ? i.keys : i.code)),
    ).toEqual([['autoApproveRoles']]);
  });
});
