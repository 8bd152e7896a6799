import type { RoleDefinitionInfo } from '../../core/ports.js';
import { resourceIdKey } from '../../core/resourceId.js';

/** Role definitions change rarely; resolving one is a read per request otherwise. */
export function cachedRoleDefinitions(
  find: (scope: string, role: string) => Promise<RoleDefinitionInfo | undefined>,
  { ttlMs = 10 * 60_000, now = () => Date.now() } = {},
): (scope: string, role: string) => Promise<RoleDefinitionInfo | undefined> {
  const cache = new Map<string, { value: RoleDefinitionInfo; until: number }>();
  return async (scope, role) => {
    const key = `${resourceIdKey(scope)}|${role.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.value;
    const value = await find(scope, role);
    // Misses are not cached: a role defined a minute from now should resolve then.
    if (value) cache.set(key, { value, until: now() + ttlMs });
    return value;
  };
}
