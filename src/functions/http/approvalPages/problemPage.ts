import type { HttpResponseInit } from '@azure/functions';
import type { Problem } from '../problem.js';
import { type ErrorPageInput, errorPage } from './errorPage.js';
import { htmlResponse } from './htmlResponse.js';

/** A problem the API would answer as JSON, as a page with the same status and headers. */
export const problemPage = (
  problem: Problem,
  page: Omit<ErrorPageInput, 'title' | 'detail'> = {},
): HttpResponseInit =>
  htmlResponse(
    problem.status,
    errorPage({ title: problem.title, ...(problem.detail ? { detail: problem.detail } : {}), ...page }),
    problem.headers,
  );
