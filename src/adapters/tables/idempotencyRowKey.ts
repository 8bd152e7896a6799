import { createHash } from 'node:crypto';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Never a byte of UTF-8: what it starts can be no well-formed key's bytes. */
const NOT_UTF8 = Buffer.from([0xff]);

/**
 * Idempotency keys may hold any character; hashed, they are always valid row keys. Injective: UTF-8 writes
 * every lone surrogate as U+FFFD (so `"\ud800"` and `"\ud801"`, which a JSON body can carry, would share a
 * row), so such a key is hashed as its UTF-16 units behind a byte UTF-8 never has, and every well-formed
 * key keeps the row it always had.
 */
export function idempotencyRowKey(key: string): string {
  const hash = createHash('sha256');
  if (LONE_SURROGATE.test(key)) hash.update(NOT_UTF8).update(key, 'utf16le');
  else hash.update(key, 'utf8');
  return hash.digest('base64url');
}
