export { APPROVER, REQUESTER, ROLE_APPROVER, STRANGER, easyAuthHeaders } from '../../dev/callers.js';
