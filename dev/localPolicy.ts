import type { PolicyDocument } from '../src/core/policy/policyDocument.js';
import { APPROVER, APPROVER_GROUP, PROVISIONING_SERVICE } from './callers.js';

/** The local host's default policy: anyone may ask, the named approvers decide, privileged roles are refused. */
export const LOCAL_POLICY: PolicyDocument = {
  approvers: [APPROVER.id, 'role:IdentityBroker.Approver', `group:${APPROVER_GROUP}`],
  forbiddenRoles: ['Owner', 'User Access Administrator', 'Role Based Access Control Administrator'],
  approvalTimeout: 'PT24H',
  services: { [PROVISIONING_SERVICE.name]: PROVISIONING_SERVICE.id },
};
