import type { FieldError } from '../fieldError.js';
import type { RequestState } from '../requestState.js';

/** The expected ways a use case says no; the HTTP edge maps each code to one status. */
export type UseCaseError =
  | { code: 'invalidRequest'; errors: FieldError[] }
  | { code: 'planRefused'; errors: FieldError[] }
  | { code: 'notFound'; message: string }
  | { code: 'forbidden'; message: string }
  | { code: 'wrongState'; message: string; state: RequestState }
  | { code: 'versionMismatch'; message: string }
  | { code: 'alreadyApproved'; message: string }
  | { code: 'idempotencyKeyReused'; message: string }
  | { code: 'concurrentChange'; message: string }
  | { code: 'tooManySubmissions'; message: string; retryAfterSeconds: number };

export const notFound = (id: string): UseCaseError => ({
  code: 'notFound',
  message: `no request ${id} is visible to you`,
});
