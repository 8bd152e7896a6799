import type { HttpResponseInit } from '@azure/functions';
import type { FieldError } from '../../core/fieldError.js';
import type { ProblemBody } from './problemSchema.js';

/** An RFC 9457 problem; every HTTP error the broker returns is one of these. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

export function problemResponse(problem: Problem): HttpResponseInit {
  return {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', ...problem.headers },
    jsonBody: {
      type: `urn:identity-broker:problem:${problem.code}`,
      title: problem.title,
      status: problem.status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(problem.errors ? { errors: problem.errors } : {}),
    } satisfies ProblemBody,
  };
}
