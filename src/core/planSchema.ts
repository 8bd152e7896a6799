import { z } from 'zod';
import { IDENTITY_TYPES } from './identity.js';
import type { Plan } from './plan.js';

// The public shape of a plan, for the OpenAPI document; `Plan` must stay assignable to it (checked below).

const plannedCall = z.object({
  method: z.enum(['PATCH', 'PUT', 'DELETE']),
  path: z.string().meta({ description: 'the ARM resource path the call is sent to' }),
  body: z.unknown().optional(),
});

const resolvedRole = z.object({
  roleDefinitionId: z.string(),
  roleName: z.string(),
  scope: z.string(),
  principalId: z.string().optional(),
});

const plannedStep = z.object({
  kind: z.enum(['removeRoleAssignment', 'updateIdentity', 'assignRole']),
  operations: z.array(z.number().int()).meta({ description: "indexes into the request's operations" }),
  change: z.enum(['write', 'none']),
  calls: z.array(plannedCall),
  reason: z.string().optional().meta({ description: 'why nothing needs writing' }),
  role: resolvedRole.optional(),
  origin: z.enum(['broker', 'external']).optional(),
});

export const planSchema = z
  .object({
    computedAt: z.string(),
    targetIdentity: z.object({
      type: z.enum(IDENTITY_TYPES),
      principalId: z.string().optional(),
      userAssignedIdentities: z.array(z.string()),
    }),
    steps: z.array(plannedStep),
    warnings: z.array(z.string()),
  })
  .meta({ description: "every ARM call the broker will send, computed from the target's live state" });

// A compile-time guard: a field added to Plan that the schema lacks shows here, not in a client.
export type PlanView = z.output<typeof planSchema>;
export const asPlanView = (plan: Plan): PlanView => plan;
