import type { UseCaseError } from '../../core/useCases/useCaseErrors.js';
import type { Problem } from './problem.js';
import { REQUEST_NOT_FOUND } from './requestNotFound.js';

/** The one place use-case errors become HTTP statuses. */
export function useCaseProblem(error: UseCaseError): Problem {
  switch (error.code) {
    case 'invalidRequest':
      return {
        status: 400,
        code: error.code,
        title: 'The request is invalid',
        detail: summarize(error.errors),
        errors: error.errors,
      };
    case 'planRefused':
      return {
        status: 422,
        code: error.code,
        title: 'The request cannot be carried out against the target as it is',
        detail: summarize(error.errors),
        errors: error.errors,
      };
    case 'notFound':
      return REQUEST_NOT_FOUND; // never the use case's message: it must not differ between IDs
    case 'forbidden':
      return { status: 403, code: error.code, title: 'Forbidden', detail: error.message };
    case 'wrongState':
      return { status: 409, code: error.code, title: `The request is ${error.state}`, detail: error.message };
    case 'versionMismatch':
      return { status: 412, code: error.code, title: 'The request has changed', detail: error.message };
    case 'alreadyApproved':
      return { status: 409, code: error.code, title: 'Already approved', detail: error.message };
    case 'idempotencyKeyReused':
      return { status: 409, code: error.code, title: 'Idempotency-Key reused', detail: error.message };
    case 'concurrentChange':
      return { status: 409, code: error.code, title: 'Concurrent change', detail: error.message };
    case 'tooManySubmissions':
      return {
        status: 429,
        code: error.code,
        title: 'Too many submissions',
        detail: error.message,
        headers: { 'retry-after': String(error.retryAfterSeconds) },
      };
  }
}

const summarize = (errors: ReadonlyArray<{ path: string; message: string }>) =>
  errors.map((e) => `${e.path} ${e.message}`).join('; ');
