import type { FieldError } from '../core/fieldError.js';

/** A submission the broker would refuse, caught before anything was sent: each invalid field, by path. */
export class InvalidSubmissionError extends Error {
  readonly code = 'invalidSubmission';
  constructor(readonly errors: FieldError[]) {
    super(`invalid submission: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    this.name = 'InvalidSubmissionError';
  }
}
