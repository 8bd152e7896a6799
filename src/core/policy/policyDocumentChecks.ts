import type { z } from 'zod';
import { PRIVILEGED_ROLES } from './builtInRoles.js';
import { roleMatches } from './roleMatch.js';
import { parseScopePrefix, prefixKey } from './scopePrefix.js';

interface Checked {
  version?: 2 | undefined;
  forbiddenRoles: string[];
  scopes?: Array<{ scope: string; allowedRoles?: string[] | undefined }> | undefined;
  eligibility?: Array<{ role: string }> | undefined;
  autoApprove?: unknown;
}

/** What a field-by-field schema cannot see: rules that need version 2, contradict, or tie. */
export function policyDocumentChecks(doc: Checked, ctx: z.core.$RefinementCtx<Checked>): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (doc.version === undefined)
    for (const key of ['scopes', 'autoApprove', 'eligibility'] as const)
      if (doc[key] !== undefined) issue([key], 'needs "version": 2');

  // Two rules with one prefix: neither is more specific, so which one decides would be a guess.
  const seen = new Map<string, number>();
  doc.scopes?.forEach((rule, i) => {
    const parsed = parseScopePrefix(rule.scope);
    if (!parsed.ok) return;
    const first = seen.get(prefixKey(parsed.value));
    if (first !== undefined)
      issue(['scopes', i, 'scope'], `is the same prefix as scopes[${first}]: ambiguous`);
    else seen.set(prefixKey(parsed.value), i);
  });

  // A forbidden role listed as allowed or eligible is a contradiction the author should resolve.
  const isForbidden = (entry: string) =>
    !entry.includes('*') &&
    doc.forbiddenRoles.some(
      (f) =>
        f.toLowerCase() === entry.toLowerCase() ||
        PRIVILEGED_ROLES.some(
          (p) =>
            roleMatches(f, { roleName: p.name, roleDefinitionId: p.id }) &&
            roleMatches(entry, { roleName: p.name, roleDefinitionId: p.id }),
        ),
    );
  doc.scopes?.forEach((rule, i) =>
    rule.allowedRoles?.forEach((entry, j) => {
      if (isForbidden(entry)) issue(['scopes', i, 'allowedRoles', j], `"${entry}" is a forbidden role`);
    }),
  );
  doc.eligibility?.forEach((rule, i) => {
    if (isForbidden(rule.role)) issue(['eligibility', i, 'role'], `"${rule.role}" is a forbidden role`);
  });
}
