import type { PolicyDocument } from '../src/core/policy/policyDocument.js';

/** The local host's default policy: anyone may ask, the named approver decides, privileged roles are refused. */
export const LOCAL_POLICY: PolicyDocument = {
  approvers: ['approver@contoso.com', 'role:IdentityBroker.Approver'],
  forbiddenRoles: ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'],
  approvalTimeout: 'PT24H',
};
