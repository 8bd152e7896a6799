import type { FieldError } from '../fieldError.js';
import type { Ticket } from '../identityRequest.js';
import { OPERATION_KINDS } from '../operation.js';
import { parseHttpSubmission } from '../parseSubmission.js';
import type { RequestDraft } from '../requestSchema.js';
import { err, ok, type Result } from '../result.js';

/**
 * What a ticket's fields can say. The operations come either as one JSON field (the request body's
 * `operations` array, or a single operation) or as discrete fields that make one operation: its kind and the
 * identity, principal, role, scope and duration it needs.
 */
export const TICKET_FIELDS = [
  'target',
  'justification',
  'operations',
  'operationKind',
  'identity',
  'principal',
  'role',
  'scope',
  'duration',
] as const;
export type TicketField = (typeof TICKET_FIELDS)[number];

/** A request draft from a ticket: write-back finds the ticket by its system and record ID. */
export type TicketDraft = RequestDraft & {
  ticket: Ticket & { system: 'servicenow' | 'jira'; recordId: string };
};

/** The ticket's values, already text; an empty value is no value (forms send unset fields as ""). */
export type TicketFieldValues = Partial<Record<TicketField, string>>;

export type InvalidTicket = { code: 'invalidRequest'; errors: FieldError[] };

const DISCRETE = ['operationKind', 'identity', 'principal', 'role', 'scope', 'duration'] as const;
type Discrete = (typeof DISCRETE)[number];
// The operation's own field each discrete ticket field fills.
const OPERATION_FIELD: Record<Discrete, string> = {
  operationKind: 'kind',
  identity: 'identity',
  principal: 'principal',
  role: 'role',
  scope: 'scope',
  duration: 'duration',
};
const FIELDS_OF_KIND: Record<string, Discrete[]> = {
  enableSystemAssignedIdentity: [],
  disableSystemAssignedIdentity: [],
  attachUserAssignedIdentity: ['identity'],
  detachUserAssignedIdentity: ['identity'],
  assignRole: ['principal', 'role', 'scope', 'duration'],
  removeRoleAssignment: ['principal', 'role', 'scope'],
};

const PLACEHOLDER = JSON.stringify([{ kind: 'enableSystemAssignedIdentity' }]);
const NO_DISCRETE = Object.fromEntries(DISCRETE.map((f) => [f, undefined]));

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * A ticket's fields as a request draft, validated exactly as an HTTP submission is, every error named by the
 * ticket's own field (`pathOf`) and the request field it fills.
 */
export function draftOfTicketFields<T extends Ticket>(
  values: TicketFieldValues,
  pathOf: (field: TicketField) => string,
  ticket: T,
): Result<RequestDraft & { ticket: T }, InvalidTicket> {
  const named = (field: TicketField, message: string): FieldError => ({
    path: pathOf(field),
    message: `${message} (${field})`,
  });
  const operations = operationsOf(values, pathOf, named);
  if (!operations.ok) {
    // The other fields' errors too, so whoever fixes the ticket fixes it in one go.
    const rest = draftOfTicketFields({ ...values, operations: PLACEHOLDER, ...NO_DISCRETE }, pathOf, ticket);
    return rest.ok
      ? operations
      : err({ code: 'invalidRequest', errors: [...operations.error.errors, ...rest.error.errors] });
  }
  const body = {
    ...(present(values.target) ? { target: values.target.trim() } : {}),
    operations: operations.value,
    ...(present(values.justification) ? { justification: values.justification } : {}),
  };
  const parsed = parseHttpSubmission(body);
  if (!parsed.ok)
    return err({
      code: 'invalidRequest',
      errors: parsed.error.errors.map((e) => remap(e, operations.discrete, pathOf, named)),
    });
  return ok({ ...parsed.value, ticket });
}

function operationsOf(
  values: TicketFieldValues,
  pathOf: (field: TicketField) => string,
  named: (field: TicketField, message: string) => FieldError,
): { ok: true; value: unknown[]; discrete: boolean } | { ok: false; error: InvalidTicket } {
  const given = DISCRETE.filter((f) => present(values[f]));
  const invalid = (errors: FieldError[]) => ({
    ok: false as const,
    error: { code: 'invalidRequest' as const, errors },
  });
  if (present(values.operations)) {
    if (given.length > 0)
      return invalid(
        given.map((f) => named(f, `must be empty when ${pathOf('operations')} gives the operations`)),
      );
    let json: unknown;
    try {
      json = JSON.parse(values.operations);
    } catch (e) {
      return invalid([named('operations', `is not valid JSON: ${(e as Error).message}`)]);
    }
    return { ok: true, value: Array.isArray(json) ? json : [json], discrete: false };
  }
  const kind = values.operationKind?.trim();
  if (!present(kind))
    return invalid([
      named(
        'operations',
        `is required: the operations as JSON, or an operation kind in ${pathOf('operationKind')}`,
      ),
    ]);
  const fits = FIELDS_OF_KIND[kind];
  if (!fits) return invalid([named('operationKind', `must be one of: ${OPERATION_KINDS.join(', ')}`)]);
  const stray = given.filter((f) => f !== 'operationKind' && !fits.includes(f));
  if (stray.length > 0) return invalid(stray.map((f) => named(f, `does not apply to ${kind}`)));
  const operation: Record<string, string> = { kind };
  for (const field of fits)
    if (present(values[field])) operation[OPERATION_FIELD[field]] = values[field].trim();
  if (fits.includes('principal')) operation.principal ??= 'systemAssigned';
  return { ok: true, value: [operation], discrete: true };
}

/** A request field's error, named by the ticket field it came from. */
function remap(
  error: FieldError,
  discrete: boolean,
  pathOf: (field: TicketField) => string,
  named: (field: TicketField, message: string) => FieldError,
): FieldError {
  if (error.path === 'target' || error.path === 'justification') return named(error.path, error.message);
  const op = /^operations(?:\[(\d+)\](?:\.(\w+))?)?/.exec(error.path);
  if (!op) return error;
  if (!discrete)
    return {
      path: `${pathOf('operations')}${error.path.slice('operations'.length)}`,
      message: `${error.message} (operations)`,
    };
  const field = DISCRETE.find((f) => OPERATION_FIELD[f] === op[2]);
  return named(field ?? 'operations', error.message);
}
