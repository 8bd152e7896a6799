import { z } from 'zod';
import { type FieldError, formatPath } from './fieldError.js';
import './fieldMessages.js';
import { parseDurationMs } from './duration.js';
import { OPERATION_KINDS, type Operation } from './operation.js';
import type { Ticket } from './identityRequest.js';
import { parseResourceId, type ResourceId } from './resourceId.js';
import { TARGET_TYPES, USER_ASSIGNED_IDENTITY_TYPE, targetKindOf } from './targetTypes.js';

const resourceIdOf = (check: (id: ResourceId) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseResourceId(value);
    if (!parsed.ok)
      ctx.addIssue({ code: 'custom', message: `is not a valid ARM resource ID: it ${parsed.error.message}` });
    else {
      const problem = check(parsed.value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });

const targetId = resourceIdOf((id) =>
  targetKindOf(id.resourceType) && id.kind === 'resource'
    ? undefined
    : `must be a resource of type ${Object.values(TARGET_TYPES).join(' or ')}`,
);

const userAssignedIdentityId = resourceIdOf((id) =>
  id.kind === 'resource' && id.resourceType?.toLowerCase() === USER_ASSIGNED_IDENTITY_TYPE.toLowerCase()
    ? undefined
    : `must be the resource ID of a ${USER_ASSIGNED_IDENTITY_TYPE}`,
);

const scopeId = resourceIdOf(() => undefined);

const PRINCIPAL_MESSAGE = "must be 'systemAssigned' or the resource ID of a user-assigned identity";
const principal = z.string({ error: PRINCIPAL_MESSAGE }).superRefine((value, ctx) => {
  if (value === 'systemAssigned') return;
  const parsed = parseResourceId(value);
  const isIdentity =
    parsed.ok &&
    parsed.value.kind === 'resource' &&
    parsed.value.resourceType?.toLowerCase() === USER_ASSIGNED_IDENTITY_TYPE.toLowerCase();
  if (!isIdentity) ctx.addIssue({ code: 'custom', message: PRINCIPAL_MESSAGE });
});

const role = z
  .string()
  .min(1, 'is required')
  .max(512)
  .refine((v) => v.trim() === v, 'must not start or end with white space');

const duration = z.string().refine((v) => parseDurationMs(v) !== undefined, {
  message: "must be an ISO 8601 duration in weeks, days, hours, minutes or seconds, such as 'PT8H' or 'P30D'",
});

/** One operation as submitted, and as the request view shows it. */
export const operationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('enableSystemAssignedIdentity') }).strict(),
  z.object({ kind: z.literal('disableSystemAssignedIdentity') }).strict(),
  z.object({ kind: z.literal('attachUserAssignedIdentity'), identity: userAssignedIdentityId }).strict(),
  z.object({ kind: z.literal('detachUserAssignedIdentity'), identity: userAssignedIdentityId }).strict(),
  z
    .object({
      kind: z.literal('assignRole'),
      principal,
      role,
      scope: scopeId,
      duration: duration.optional(),
      expiresAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time' }).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('removeRoleAssignment'), principal, role, scope: scopeId }).strict(),
]);

export const ticketSchema = z
  .object({
    system: z.string().min(1).max(50),
    id: z.string().min(1).max(100),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
  })
  .strict();

const requestFields = {
  target: targetId,
  operations: z
    .array(operationSchema)
    .min(1, 'must list at least one operation')
    .max(20, 'may list at most 20 operations'),
  justification: z
    .string({ error: 'is required' })
    .refine((v) => v.trim().length > 0, 'is required')
    .refine((v) => v.length <= 2000, 'must be at most 2000 characters'),
  ticket: ticketSchema.optional(),
};

/** What a caller submits over HTTP: the requester is the authenticated caller, never a body field. */
export const httpSubmissionSchema = z.object(requestFields).strict();

/** What another service puts on the `identity-requests` queue: it names itself in `requestedBy`. */
export const queueSubmissionSchema = z
  .object({
    ...requestFields,
    requestedBy: z
      .string({ error: 'is required' })
      .refine((v) => v.trim().length > 0, 'is required')
      .refine((v) => v.length <= 256, 'must be at most 256 characters'),
  })
  .strict();

export interface RequestDraft {
  target: string;
  operations: Operation[];
  justification: string;
  ticket?: Ticket;
}

/** Flattens zod's issues into one error per field, unknown keys named one by one. */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: 'is not allowed here (unknown field)',
      }));
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'kind')
      return [{ path: formatPath(issue.path), message: `must be one of: ${OPERATION_KINDS.join(', ')}` }];
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}
