import { z } from 'zod';
import { parseDurationMs } from '../duration.js';
import { GUID, parseApproverEntry } from './approverEntry.js';
import { PRIVILEGED_ROLES } from './builtInRoles.js';

const approver = z.string().superRefine((entry, ctx) => {
  const parsed = parseApproverEntry(entry);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
});

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

/**
 * The policy document (`POLICY` or `POLICY_FILE`). This first form names the approvers, the roles never
 * granted and the services that submit on the queue; scope rules extend it without changing these fields.
 */
export const policyDocumentSchema = z
  .object({
    approvers: z.array(approver).min(1, 'must name at least one approver'),
    forbiddenRoles: z.array(z.string().min(1)).default(PRIVILEGED_ROLES.map((r) => r.name)),
    approvalTimeout: z
      .string()
      .refine((v) => parseDurationMs(v) !== undefined, 'must be an ISO 8601 duration such as PT24H')
      .default('PT24H'),
    services: services.default({}),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
