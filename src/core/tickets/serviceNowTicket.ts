import { z } from 'zod';
import type { Actor } from '../caller.js';
import type { FieldError } from '../fieldError.js';
import { toFieldErrors } from '../requestSchema.js';
import { err, ok, type Result } from '../result.js';
import { OBJECT_ID, OBJECT_ID_MESSAGE } from './objectId.js';
import {
  draftOfTicketFields,
  type InvalidTicket,
  type TicketDraft,
  type TicketField,
  type TicketFieldValues,
} from './ticketFields.js';

/** Which catalog variable holds each request field (SERVICENOW_VARIABLE_MAP overrides any of these). */
export type ServiceNowVariableMap = Record<TicketField, string>;

export const DEFAULT_SERVICENOW_VARIABLES: ServiceNowVariableMap = {
  target: 'target_resource_id',
  justification: 'justification',
  operations: 'operations_json',
  operationKind: 'operation_kind',
  identity: 'user_assigned_identity',
  principal: 'principal',
  role: 'role',
  scope: 'scope',
  duration: 'duration',
};

/**
 * What the Business Rule or Flow Designer action posts: the RITM's number and sys_id, `requested_for` as the
 * requester's Entra object ID, and the item's catalog variables (all of them may be sent: only the mapped
 * ones are read, the catalog item owns the rest).
 */
export const serviceNowDeliverySchema = z
  .object({
    number: z.string().regex(/^[A-Za-z]{1,10}[0-9]{1,20}$/, 'must be the RITM number, such as RITM0012345'),
    sys_id: z.string().regex(/^[0-9a-f]{32}$/, "must be the RITM's sys_id (32 hexadecimal digits)"),
    requested_for: z.string().regex(OBJECT_ID, OBJECT_ID_MESSAGE),
    variables: z.record(z.string(), z.unknown()),
  })
  .strict();

export interface MappedTicket {
  draft: TicketDraft;
  requester: Actor;
}

/** A verified ServiceNow delivery as a request draft whose requester is the RITM's `requested_for`. */
export function mapServiceNowDelivery(
  body: unknown,
  variables: ServiceNowVariableMap,
  instanceUrl: string,
): Result<MappedTicket, InvalidTicket> {
  const parsed = serviceNowDeliverySchema.safeParse(body);
  if (!parsed.success) return err({ code: 'invalidRequest', errors: toFieldErrors(parsed.error) });
  const { number, sys_id: sysId, requested_for: requestedFor } = parsed.data;
  const values: TicketFieldValues = {};
  const errors: FieldError[] = [];
  for (const [field, name] of Object.entries(variables) as Array<[TicketField, string]>) {
    const value = parsed.data.variables[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') values[field] = value;
    else errors.push({ path: `variables.${name}`, message: `must be a string (${field})` });
  }
  if (errors.length > 0) return err({ code: 'invalidRequest', errors });
  const draft = draftOfTicketFields(values, (field) => `variables.${variables[field]}`, {
    system: 'servicenow' as const,
    id: number,
    url: `${instanceUrl}/sc_req_item.do?sys_id=${sysId}`,
    recordId: sysId,
  });
  if (!draft.ok) return draft;
  return ok({ draft: draft.value, requester: { id: requestedFor.toLowerCase() } });
}
