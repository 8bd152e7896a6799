import { createHash } from 'node:crypto';
import { resourceIdKey } from './resourceId.js';

// A fixed namespace so every broker instance derives the same names.
const NAMESPACE = Buffer.from('6f1c9a52e1b04b0d9f3a5d2e8c7b4a10', 'hex');

/** RFC 4122 version 5 (SHA-1, name-based) UUID. */
export function uuidV5(name: string, namespace: Buffer = NAMESPACE): string {
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The last segment of a role definition ID, which is the same at every scope. */
export const roleDefinitionGuid = (roleDefinitionId: string): string =>
  (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase();

/**
 * The role assignment's name is derived from what it grants, so a retried PUT is the same
 * assignment rather than a second one.
 */
export const roleAssignmentName = (scope: string, principalId: string, roleDefinitionId: string): string =>
  uuidV5(`${resourceIdKey(scope)}|${principalId.toLowerCase()}|${roleDefinitionGuid(roleDefinitionId)}`);
