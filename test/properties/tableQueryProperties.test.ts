import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableRequestStore } from '../../src/adapters/tables/tableRequestStore.js';
import type { RequestStore } from '../../src/core/ports.js';
import { type RunningAzurite, startAzurite } from '../../dev/azurite/startAzurite.js';
import { requestFixture, submittedEvents } from '../support/requestFixture.js';

let azurite: RunningAzurite;
let store: RequestStore;

const REQUESTERS = ['3f9c1d7e-2b4a-4c61-9e8f-5a1b2c3d4e5f', '8d2e4f6a-1c3b-4d5e-8f7a-9b0c1d2e3f4a'];

beforeAll(async () => {
  azurite = await startAzurite();
  const client = (name: string) =>
    TableClient.fromConnectionString(azurite.connectionString, name, { allowInsecureConnection: true });
  const [requests, keys] = [client('PropRequests'), client('PropKeys')];
  await Promise.all([requests.createTable(), keys.createTable()]);
  store = createTableRequestStore({ requests, keys });
  for (const [i, id] of REQUESTERS.entries())
    await store.create(
      requestFixture({ id: `ffff00000000aaaaaaaaaaa${i}`, requestedBy: { id } }),
      submittedEvents(),
    );
});
afterAll(() => azurite.close());

// Text built to break out of an OData string literal, mixed with arbitrary text. Never empty: the API
// refuses an empty filter value (`min(1)`), and the store reads an absent one as "no filter".
const hostile = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      "' or '1' eq '1",
      "x' or RowKey ne 'y",
      "'' or true or ''",
      "') or (State ne '",
      '%27 or 1 eq 1',
    ),
    fc
      .tuple(fc.constantFrom(...REQUESTERS), fc.constantFrom("' or '", "') or ('", ' or State ne '))
      .map(([a, b]) => a + b),
  )
  .filter((v) => v.length > 0);

describe('table store queries (property tests against Azurite)', () => {
  it('a filter value is always a value: input never widens a list past exact matches', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom('requestedBy', 'target'), async (value, field) => {
        const page = await store.list({ [field]: value, limit: 10 });
        for (const r of page.items)
          expect(field === 'requestedBy' ? r.requestedBy.id.toLowerCase() : r.target.toLowerCase()).toBe(
            value.toLowerCase(),
          );
      }),
      { numRuns: 60 },
    );
  });

  it('idempotency keys never collide: distinct keys, whatever characters they hold, claim distinct rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }), {
          minLength: 2,
          maxLength: 4,
        }),
        fc.uuid(),
        async (keys, run) => {
          const scoped = keys.map((k) => `prop|${run}|${k}`);
          const claims = await Promise.all(
            scoped.map((key, i) => store.claimIdempotencyKey(key, { requestId: `r${i}`, fingerprint: key })),
          );
          expect(claims.every((c) => c.claimed)).toBe(true);
          for (const [i, key] of scoped.entries())
            expect(await store.findIdempotencyKey(key)).toEqual({ requestId: `r${i}`, fingerprint: key });
        },
      ),
      { numRuns: 30 },
    );
  });
});
