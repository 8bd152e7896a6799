import { createHash } from 'node:crypto';
import { resourceIdKey } from '../../core/resourceId.js';

/**
 * One session per target resource, so changes to one resource never interleave. ARM IDs can exceed
 * the 128-character session ID limit, hence a hash of the normalized ID.
 */
export const sessionIdFor = (target: string): string =>
  createHash('sha256').update(resourceIdKey(target)).digest('hex');
