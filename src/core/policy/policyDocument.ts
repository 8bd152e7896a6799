import { z } from 'zod';
import { parseDurationMs } from '../duration.js';
import { GUID, parseApproverEntry } from './approverEntry.js';
import { PRIVILEGED_ROLES } from './builtInRoles.js';
import { policyDocumentChecks } from './policyDocumentChecks.js';
import { parseScopePrefix } from './scopePrefix.js';

const approver = z.string().superRefine((entry, ctx) => {
  const parsed = parseApproverEntry(entry);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
});

const duration = z
  .string()
  .refine((v) => parseDurationMs(v) !== undefined, 'must be an ISO 8601 duration such as PT24H');

const prefix = z
  .string()
  .describe('a management group, subscription, resource group or resource ID, or "/" for everything')
  .superRefine((text, ctx) => {
    const parsed = parseScopePrefix(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
  });

const ROLE_DEFINITION_ID = new RegExp(
  `^(/.*)?/providers/Microsoft\\.Authorization/roleDefinitions/${GUID.source.slice(1, -1)}$`,
  'i',
);

// An entry with a slash is read as a role definition ID: one that is not (a trailing slash) would match no role,
// so a forbidden role written that way would be granted; refused instead, as white space is trimmed.
const role = z
  .string()
  .trim()
  .min(1)
  .refine(
    (entry) => !entry.includes('/') || ROLE_DEFINITION_ID.test(entry),
    'is not a role definition ID (…/providers/Microsoft.Authorization/roleDefinitions/<GUID>): a role name has no "/"',
  )
  .describe('a role name ("*" matches any text), a role definition GUID or a role definition ID');

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Names other services may give as `requestedBy` on the queue, each mapped to the service's object ID. */
const services = z.record(z.string(), z.string()).superRefine((map, ctx) => {
  for (const [name, objectId] of Object.entries(map)) {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [name], message });
    if (GUID.test(name)) issue('is an object ID, not a name: an object ID needs no mapping');
    else if (!SERVICE_NAME.test(name)) issue('is not a service name: use letters, digits, ".", "_" and "-"');
    else if (!GUID.test(objectId)) issue(`"${objectId}" is not an object ID`);
  }
});

/** What may happen under one scope prefix; the most specific matching rule decides. */
const scopeRule = z
  .object({
    scope: prefix,
    allowedRoles: z.array(role).min(1).optional().describe('absent: any role that is not forbidden'),
    maxDuration: duration.optional().describe('the longest grant; absent: grants may be permanent'),
    identityOperationsNeedApproval: z.boolean().optional().describe('default true'),
    approvers: z.array(approver).min(1).optional().describe("absent: the document's approvers"),
    quorum: z.number().int().min(1).max(10).optional().describe('distinct approvers needed; default 1'),
    approvalTimeout: duration.optional().describe("absent: the document's approvalTimeout"),
  })
  .strict();

const SCOPE_KINDS = ['managementGroup', 'subscription', 'resourceGroup', 'resource'] as const;

/** What is approved without a person: never a forbidden role, never past a scope rule's limits. */
const autoApproveRule = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('roles'),
      roles: z.array(role).min(1),
      scopeKinds: z.array(z.enum(SCOPE_KINDS)).min(1).optional(),
      under: prefix.optional(),
      maxDuration: duration.describe('only time-bound grants are approved without a person'),
    })
    .strict(),
  z.object({ kind: z.literal('identityOperations'), targets: prefix }).strict(),
  z.object({ kind: z.literal('noChange') }).strict(),
]);

/** PIM-like: who may activate a role on a scope for a while, approved at once. */
const eligibilityRule = z
  .object({
    targets: prefix.describe('targets under this prefix'),
    targetType: z.string().optional().describe('e.g. Microsoft.Automation/automationAccounts'),
    principal: z
      .string()
      .optional()
      .describe('"systemAssigned" (default) or a user-assigned identity resource ID'),
    role,
    scope: prefix,
    maxDuration: duration,
  })
  .strict();

/**
 * The policy document (`POLICY` or `POLICY_FILE`). Version 1 (no `version`) is the flat form: approvers,
 * forbidden roles, an approval timeout and services; `"version": 2` adds scope rules, auto-approval and
 * eligibility. Both read into one model (policyModel.ts).
 */
export const policyDocumentSchema = z
  .object({
    version: z.literal(2).optional(),
    approvers: z.array(approver).min(1, 'must name at least one approver'),
    forbiddenRoles: z.array(role).default(PRIVILEGED_ROLES.map((r) => r.name)),
    approvalTimeout: duration.default('PT24H'),
    services: services.default({}),
    scopes: z.array(scopeRule).optional(),
    autoApprove: z.array(autoApproveRule).optional(),
    eligibility: z.array(eligibilityRule).optional(),
  })
  .strict()
  .superRefine(policyDocumentChecks);

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type ScopeRule = z.infer<typeof scopeRule>;
export type AutoApproveRule = z.infer<typeof autoApproveRule>;
export type EligibilityRule = z.infer<typeof eligibilityRule>;
