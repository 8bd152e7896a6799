import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpSubmission, parseQueueSubmission } from '../../src/core/parseSubmission.js';

const example = JSON.parse(
  readFileSync(new URL('../../dev/examples/first-request.json', import.meta.url), 'utf8'),
);

const KNOWN = new Set([
  'target',
  'operations',
  'justification',
  'ticket',
  'requestedBy',
  'kind',
  'identity',
  'principal',
  'role',
  'scope',
  'duration',
  'expiresAt',
  'system',
  'id',
  'url',
]);
const extraKey = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !KNOWN.has(k) && k !== '__proto__');

/** The example with one unknown field added at the top, in an operation, or in the ticket. */
const withExtraField = fc
  .tuple(extraKey, fc.jsonValue(), fc.constantFrom('top', 'operation', 'ticket'), fc.nat({ max: 2 }))
  .map(([key, value, where, index]) => {
    const body = structuredClone(example);
    const holder = where === 'top' ? body : where === 'ticket' ? body.ticket : body.operations[index];
    holder[key] = value;
    const path = where === 'top' ? key : where === 'ticket' ? `ticket.${key}` : `operations[${index}].${key}`;
    return { body, path };
  });

describe('request bodies with unknown fields (property tests)', () => {
  it('the example itself is valid', () => {
    expect(parseHttpSubmission(example).ok).toBe(true);
  });

  it('refuses any body with an unknown field anywhere, naming it, so nothing is ever stored', () => {
    fc.assert(
      fc.property(withExtraField, ({ body, path }) => {
        const parsed = parseHttpSubmission(body);
        expect(parsed.ok).toBe(false);
        if (parsed.ok) return;
        expect(parsed.error.errors.map((e) => e.path)).toContain(path);
        const queued = parseQueueSubmission({ ...body, requestedBy: '7e1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b' });
        expect(queued.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
