export {
  APPROVER,
  APPROVER_GROUP,
  GROUP_APPROVER,
  PROVISIONING_SERVICE,
  REQUESTER,
  ROLE_APPROVER,
  STRANGER,
  easyAuthHeaders,
} from '../../dev/callers.js';
