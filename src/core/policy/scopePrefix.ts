import { parseResourceId, resourceIdKey } from '../resourceId.js';
import { err, ok, type Result } from '../result.js';

/** `/` covers everything: the catch-all rule (and the rule a version 1 policy becomes). */
export const ROOT_PREFIX = '/';

/**
 * A policy prefix as written, normalised: trailing slashes dropped (authors write them; ARM IDs never end
 * in one) and ARM's keywords in canonical casing. Segment-exact matching is `isWithinPrefix`'s job.
 */
export function parseScopePrefix(text: string): Result<string, { code: 'invalidPrefix'; message: string }> {
  const trimmed = text.replace(/\/+$/, '');
  if (trimmed === '') return ok(ROOT_PREFIX);
  const parsed = parseResourceId(trimmed);
  return parsed.ok
    ? ok(parsed.value.id)
    : err({ code: 'invalidPrefix', message: `"${text}" is not a scope: it ${parsed.error.message}` });
}

/** True when `id` is `prefix` or below it, segment by segment and case-insensitively. */
export function isWithinPrefix(id: string, prefix: string): boolean {
  if (prefix === ROOT_PREFIX) return true;
  const a = resourceIdKey(id).replace(/\/+$/, '').split('/');
  const b = resourceIdKey(prefix).split('/');
  return b.length <= a.length && b.every((segment, i) => segment === a[i]);
}

/** How specific a prefix is: more segments win. */
export const prefixDepth = (prefix: string): number =>
  prefix === ROOT_PREFIX ? 0 : prefix.split('/').length;

/** The comparison key of a normalised prefix: two rules with one key are ambiguous. */
export const prefixKey = (prefix: string): string => resourceIdKey(prefix);
