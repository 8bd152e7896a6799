import { readFileSync } from 'node:fs';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_QUEUE, INTAKE_REJECTED_QUEUE } from '../../src/adapters/serviceBus/queueNames.js';
import { PROVISIONING_SERVICE } from '../support/callers.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const example = JSON.parse(
  readFileSync(new URL('../../dev/examples/first-request.json', import.meta.url), 'utf8'),
);

const KNOWN = new Set(['target', 'operations', 'justification', 'ticket', 'requestedBy', 'kind', 'identity']);
const extraKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter(
    (k) =>
      !KNOWN.has(k) &&
      !['principal', 'role', 'scope', 'duration', 'expiresAt', 'system', 'id', 'url'].includes(k),
  );

/** A valid body with one unknown field somewhere: at the top, in an operation, or in the ticket. */
const withExtraField = fc
  .tuple(
    extraKey,
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom('top', 'operation', 'ticket'),
    fc.nat({ max: 2 }),
  )
  .map(([key, value, where, index]) => {
    const body = structuredClone(example);
    const holder = where === 'top' ? body : where === 'ticket' ? body.ticket : body.operations[index];
    Object.defineProperty(holder, key, { value, enumerable: true, writable: true, configurable: true });
    return body;
  });

let broker: TestBroker;

/** Every entity of every table, with its ETag and timestamp: what "nothing changed" is measured against. */
async function tables(): Promise<Record<string, unknown[]>> {
  const { connectionString } = broker.azurite;
  const service = TableServiceClient.fromConnectionString(connectionString, {
    allowInsecureConnection: true,
  });
  const all: Record<string, unknown[]> = {};
  for await (const table of service.listTables()) {
    const client = TableClient.fromConnectionString(connectionString, table.name as string, {
      allowInsecureConnection: true,
    });
    const rows: unknown[] = [];
    for await (const entity of client.listEntities()) rows.push(entity);
    all[table.name as string] = rows;
  }
  return all;
}

beforeAll(async () => {
  broker = await startTestBroker();
  await broker.reset();
  // Something stored already, so a refused body has rows it could touch: a request, its key, its count.
  const first = await broker.submit(example, { headers: { 'idempotency-key': 'first' } });
  expect(first.status, JSON.stringify(first.json)).toBe(202);
});
afterAll(() => broker.close());

describe('refused submissions change nothing stored (property tests against Azurite)', () => {
  it('over HTTP, with or without an Idempotency-Key: 400, and every table byte for byte as it was', async () => {
    await fc.assert(
      fc.asyncProperty(withExtraField, fc.constantFrom(undefined, 'first', 'fresh'), async (body, key) => {
        const before = await tables();
        const answer = await broker.submit(body, key ? { headers: { 'idempotency-key': key } } : {});
        expect(answer.status, JSON.stringify(answer.json)).toBe(400);
        expect(await tables()).toStrictEqual(before);
      }),
      { numRuns: 40 },
    );
  });

  it('over the queue: kept on the rejected queue, and every table byte for byte as it was', async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(withExtraField, async (body) => {
        const before = await tables();
        const messageId = `extra-${++sent}`;
        broker.bus.send(INTAKE_QUEUE, {
          body: { ...body, requestedBy: PROVISIONING_SERVICE.name },
          messageId,
        });
        await broker.run();
        expect(broker.bus.pending(INTAKE_REJECTED_QUEUE).map((m) => m.messageId)).toContain(messageId);
        expect(await tables()).toStrictEqual(before);
      }),
      { numRuns: 20 },
    );
  });
});
