import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../src/core/policy/policyJsonSchema.js';

const file = new URL('../../docs/policy.schema.json', import.meta.url);

describe('docs/policy.schema.json', () => {
  // Compared as JSON, so the formatter may lay the file out as it likes; on a difference, write the
  // generated schema (policyJsonSchema()) to the file.
  it('is the JSON Schema generated from the policy zod schema', () => {
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(policyJsonSchema());
  });
});
