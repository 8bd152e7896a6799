import { randomBytes } from 'node:crypto';

const MAX_MS = 0xffffffffffff;
const REQUEST_ID = /^[0-9a-f]{24}$/;

/**
 * 24 hex digits: the inverted creation time, then randomness. Table storage returns partitions in
 * key order, so listing is newest first without an index.
 */
export function newRequestId(now: Date, random: (bytes: number) => Buffer = randomBytes): string {
  const inverted = (MAX_MS - now.getTime()).toString(16).padStart(12, '0');
  return inverted + random(6).toString('hex');
}

export const isRequestId = (value: string): boolean => REQUEST_ID.test(value);
