import type { ArmGateway } from '../../core/ports.js';

/**
 * The ARM gateway, built on first use: the four ARM SDKs are most of a cold start, and the functions
 * that only read or decide requests (get, list, approve, reject, cancel, health) never call ARM.
 */
export function lazyArmGateway(load: () => Promise<ArmGateway>): ArmGateway {
  let gateway: Promise<ArmGateway> | undefined;
  const get = () => (gateway ??= load().catch((e: unknown) => ((gateway = undefined), Promise.reject(e))));
  return {
    getTargetIdentity: async (...a) => (await get()).getTargetIdentity(...a),
    beginIdentityUpdate: async (...a) => (await get()).beginIdentityUpdate(...a),
    resumeIdentityUpdate: async (...a) => (await get()).resumeIdentityUpdate(...a),
    getUserAssignedIdentity: async (...a) => (await get()).getUserAssignedIdentity(...a),
    findRoleDefinition: async (...a) => (await get()).findRoleDefinition(...a),
    createRoleAssignment: async (...a) => (await get()).createRoleAssignment(...a),
    listRoleAssignments: async (...a) => (await get()).listRoleAssignments(...a),
    deleteRoleAssignment: async (...a) => (await get()).deleteRoleAssignment(...a),
    brokerPrincipalId: async () => (await get()).brokerPrincipalId(),
  };
}
