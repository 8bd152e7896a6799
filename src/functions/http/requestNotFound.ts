import type { Problem } from './problem.js';

/**
 * The one answer for a request that cannot be shown: missing, not the caller's, or a malformed ID.
 * Identical bytes in all three, so a 404 never tells whether an ID exists.
 */
export const REQUEST_NOT_FOUND: Problem = {
  status: 404,
  code: 'notFound',
  title: 'Not found',
  detail: 'no such request is visible to you',
};
