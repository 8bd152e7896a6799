import type { z } from 'zod';
import type { FieldError } from './fieldError.js';
import type { Operation } from './operation.js';
import { findOperationConflicts } from './operationConflicts.js';
import { parseResourceId } from './resourceId.js';
import {
  type RequestDraft,
  httpSubmissionSchema,
  queueSubmissionSchema,
  toFieldErrors,
} from './requestSchema.js';
import { err, ok, type Result } from './result.js';

export type InvalidRequest = { code: 'invalidRequest'; errors: FieldError[] };

const canonical = (id: string): string => {
  const parsed = parseResourceId(id);
  return parsed.ok ? parsed.value.id : id;
};

function normalizeOperation(op: Operation): Operation {
  switch (op.kind) {
    case 'attachUserAssignedIdentity':
    case 'detachUserAssignedIdentity':
      return { ...op, identity: canonical(op.identity) };
    case 'assignRole':
    case 'removeRoleAssignment':
      return {
        ...op,
        principal: op.principal === 'systemAssigned' ? op.principal : canonical(op.principal),
        scope: canonical(op.scope),
      };
    default:
      return op;
  }
}

function finish<T extends RequestDraft>(parsed: z.ZodSafeParseResult<T>): Result<T, InvalidRequest> {
  if (!parsed.success) return err({ code: 'invalidRequest', errors: toFieldErrors(parsed.error) });
  const draft = {
    ...parsed.data,
    target: canonical(parsed.data.target),
    operations: parsed.data.operations.map(normalizeOperation),
  };
  const conflicts = findOperationConflicts(draft.operations);
  return conflicts.length > 0 ? err({ code: 'invalidRequest', errors: conflicts }) : ok(draft);
}

const notAnObject = (body: unknown): InvalidRequest | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? undefined
    : { code: 'invalidRequest', errors: [{ path: '(body)', message: 'must be a JSON object' }] };

/** Validates an HTTP submission body; IDs come back in canonical casing. */
export function parseHttpSubmission(body: unknown): Result<RequestDraft, InvalidRequest> {
  const problem = notAnObject(body);
  if (problem) return err(problem);
  return finish(httpSubmissionSchema.safeParse(body) as z.ZodSafeParseResult<RequestDraft>);
}

/** Validates a queue message body, which names its sender in `requestedBy`. */
export function parseQueueSubmission(
  body: unknown,
): Result<RequestDraft & { requestedBy: string }, InvalidRequest> {
  const problem = notAnObject(body);
  if (problem) return err(problem);
  return finish(
    queueSubmissionSchema.safeParse(body) as z.ZodSafeParseResult<RequestDraft & { requestedBy: string }>,
  );
}
