import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseHttpSubmission } from '../../src/core/parseSubmission.js';
import { toFieldErrors } from '../../src/core/requestSchema.js';
import { AA } from '../fakes/ids.js';

const errorsOf = (submission: unknown) => {
  const result = parseHttpSubmission(submission);
  if (result.ok) throw new Error('expected the submission to be refused');
  return result.error.errors;
};
const enable = { kind: 'enableSystemAssignedIdentity' };
const valid = { target: AA, operations: [enable], justification: 'because' };

describe("field errors in the project's own words, not zod's", () => {
  it('says a missing field is required and a wrong type what it must be', () => {
    expect(errorsOf({ operations: [enable], justification: 'because' })).toEqual([
      { path: 'target', message: 'is required' },
    ]);
    expect(errorsOf({ ...valid, target: 42, operations: 'all' })).toEqual([
      { path: 'target', message: 'must be a string' },
      { path: 'operations', message: 'must be a list' },
    ]);
    expect(errorsOf({ ...valid, ticket: { id: 'X-1' } })).toEqual([
      { path: 'ticket.system', message: 'is required' },
    ]);
  });

  it('names the allowed values, the limits and the unknown fields', () => {
    expect(errorsOf({ ...valid, operations: [{ kind: 'grantEverything' }] })).toEqual([
      {
        path: 'operations[0].kind',
        message: expect.stringMatching(/^must be one of: enableSystemAssignedIdentity, /),
      },
    ]);
    expect(errorsOf({ ...valid, ticket: { system: 'x'.repeat(51), id: '' } })).toEqual([
      { path: 'ticket.system', message: 'must be at most 50 characters' },
      { path: 'ticket.id', message: 'must not be empty' },
    ]);
    expect(errorsOf({ ...valid, ticket: { system: 'jira', id: 'X-1', url: 'ftp://x' } })).toEqual([
      { path: 'ticket.url', message: 'must be an http or https URL' },
    ]);
    expect(errorsOf({ ...valid, colour: 'blue' })).toEqual([
      { path: 'colour', message: 'is not allowed here (unknown field)' },
    ]);
  });

  it('words enums and numbers in other schemas too', () => {
    const schema = z.object({ state: z.enum(['a', 'b']), limit: z.number().int().min(1).max(100) }).strict();
    const parsed = schema.safeParse({ state: 'c', limit: 1000 });
    expect(parsed.success || toFieldErrors(parsed.error)).toEqual([
      { path: 'state', message: 'must be one of: a, b' },
      { path: 'limit', message: 'must be at most 100' },
    ]);
  });
});
