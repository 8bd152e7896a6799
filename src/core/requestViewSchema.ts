import { z } from 'zod';
import { EVENT_TYPES } from './eventType.js';
import { REQUEST_SOURCES } from './identityRequest.js';
import { planSchema } from './planSchema.js';
import { operationSchema, ticketSchema } from './requestSchema.js';
import { REQUEST_STATES } from './requestState.js';
import { TARGET_TYPES, type TargetKind } from './targetTypes.js';

// The public representation of a request (CONTRACT.md), once: `toRequestView` is typed from it, and the
// OpenAPI document is generated from it.

const TARGET_KINDS = Object.keys(TARGET_TYPES) as [TargetKind, ...TargetKind[]];

export const actorSchema = z.object({
  id: z.string().meta({ description: 'an Entra object ID (or the broker itself)' }),
  name: z.string().optional().meta({ description: 'display only: never matched' }),
});

export const policyDecisionSchema = z.object({
  decision: z.enum(['approvalRequired', 'autoApproved', 'denied']),
  reasons: z.array(z.string()).meta({ description: 'every reason, each naming the rule that made it' }),
  approvers: z.array(z.string()).meta({ description: 'who may approve: object IDs, app roles or groups' }),
  quorum: z.number().int().optional().meta({ description: 'distinct approvers needed; absent: 1' }),
  approverSets: z
    .array(z.array(z.string()))
    .optional()
    .meta({ description: 'one set per deciding rule: each approver must be in every set' }),
  approvalTimeout: z.string().optional().meta({ description: 'how long it waits for approval (ISO 8601)' }),
});

const errorSchema = z.object({
  code: z.string(),
  message: z.string(),
  operation: z.number().int().optional(),
});

const decisionSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  by: actorSchema,
  at: z.string(),
  comment: z.string().optional(),
  version: z.number().int().meta({ description: 'the request version the approver saw' }),
});

const operationResultSchema = z.object({
  status: z.enum(['succeeded', 'noChange']),
  principalId: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  roleAssignmentId: z.string().optional(),
  roleDefinitionId: z.string().optional(),
  removedRoleAssignmentIds: z.array(z.string()).optional(),
  note: z.string().optional(),
  expiresAt: z.string().optional(),
  revokedAt: z.string().optional(),
  origin: z.enum(['broker', 'external']).optional(),
});

const progressSchema = z.object({
  nextStep: z.number().int(),
  steps: z.number().int(),
  notBefore: z.string().nullable(),
  attempt: z.number().int(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
});

const historyEventSchema = z.object({
  type: z.enum(EVENT_TYPES),
  at: z.string(),
  actor: z.string(),
  data: z.unknown().optional(),
  sequence: z.number().int(),
});

export const requestViewSchema = z.object({
  id: z.string(),
  state: z.enum(REQUEST_STATES),
  target: z.string(),
  targetKind: z.enum(TARGET_KINDS),
  operations: z.array(operationSchema),
  requestedBy: actorSchema,
  source: z.enum(REQUEST_SOURCES),
  correlationId: z.string().nullable(),
  justification: z.string(),
  ticket: ticketSchema.extend({ recordId: z.string().optional() }).nullable(),
  policy: policyDecisionSchema,
  plan: planSchema,
  decisions: z.array(decisionSchema),
  approvals: z
    .object({ required: z.number().int(), received: z.number().int(), missing: z.number().int() })
    .nullable()
    .meta({
      description: 'distinct approvals the quorum needs, has and still misses; null: no person decides',
    }),
  results: z.array(operationResultSchema.nullable()).meta({ description: 'one entry per operation' }),
  error: errorSchema.nullable(),
  progress: progressSchema.nullable().meta({ description: 'while applying only' }),
  history: z.array(historyEventSchema).optional().meta({ description: 'every event, in order (GET by ID)' }),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  approvalExpiresAt: z.string().nullable(),
  etag: z.string().meta({ description: "the request's version, to send back in If-Match" }),
});

export type RequestView = z.output<typeof requestViewSchema>;

export const requestPageSchema = z.object({
  items: z.array(requestViewSchema).meta({ description: 'newest first' }),
  continuationToken: z.string().nullable(),
});

export type RequestPage = z.output<typeof requestPageSchema>;

/** What-if's answer: what the submission would come to. */
export const previewSchema = z.object({
  target: z.string(),
  targetKind: z.enum(TARGET_KINDS),
  operations: z.array(operationSchema),
  policy: policyDecisionSchema,
  plan: planSchema,
});
