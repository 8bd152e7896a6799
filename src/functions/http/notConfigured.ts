import type { HttpResponseInit, InvocationContext } from '@azure/functions';
import type { ConfigError } from '../../config.js';
import { problemResponse } from './problem.js';

// Once per process: every call fails the same way until an operator fixes the settings.
let logged = false;

/** A broken configuration is the operator's to fix: 503, with the problems in the log, never in the answer. */
export function notConfigured(e: ConfigError, invocation: InvocationContext): HttpResponseInit {
  if (!logged) {
    logged = true;
    invocation.error(`identity-broker is not configured: ${e.problems.join('; ')}`);
  }
  return problemResponse({
    status: 503,
    code: 'notConfigured',
    title: 'The broker is not configured',
    detail: 'its settings are missing or invalid; the function log names each problem',
  });
}
