import { MAX_DURATION_MS } from './duration.js';

/** Why a grant's `expiresAt` cannot be used at `now`: it must lie ahead, and no further than the longest duration. */
export function expiresAtProblem(expiresAt: string, now: Date): string | undefined {
  const ahead = Date.parse(expiresAt) - now.getTime();
  if (ahead <= 0) return 'is not in the future';
  if (ahead > MAX_DURATION_MS)
    return `is more than ${MAX_DURATION_MS / 86_400_000} days away, the longest a grant may last`;
  return undefined;
}
