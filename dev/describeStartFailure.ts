import { ConfigError } from '../src/config.js';

/** What `npm start` prints when it cannot start: a configuration error is the operator's to fix, not a bug. */
export function describeStartFailure(e: unknown): string {
  if (e instanceof ConfigError)
    return ['identity-broker is not configured:', ...e.problems.map((p) => `  - ${p}`)].join('\n');
  return e instanceof Error ? (e.stack ?? String(e)) : String(e);
}
