import { z } from 'zod';
import { parseDurationMs } from '../duration.js';
import { PRIVILEGED_ROLES } from './builtInRoles.js';

const approver = z
  .string()
  .min(1)
  .refine((v) => v.trim() === v, 'must not start or end with white space');

/**
 * The policy document (`POLICY` or `POLICY_FILE`). This first form names the approvers and the roles
 * never granted; scope rules extend it without changing these fields.
 */
export const policyDocumentSchema = z
  .object({
    approvers: z.array(approver).min(1, 'must name at least one approver'),
    forbiddenRoles: z.array(z.string().min(1)).default(PRIVILEGED_ROLES.map((r) => r.name)),
    approvalTimeout: z
      .string()
      .refine((v) => parseDurationMs(v) !== undefined, 'must be an ISO 8601 duration such as PT24H')
      .default('PT24H'),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
