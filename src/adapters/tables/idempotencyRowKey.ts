import { createHash } from 'node:crypto';

/** Idempotency keys may hold any character; hashed, they are always valid row keys. */
export const idempotencyRowKey = (key: string): string =>
  createHash('sha256').update(key).digest('base64url');
