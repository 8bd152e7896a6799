import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableSubmissionCounter } from '../../../src/adapters/tables/tableSubmissionCounter.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';

let azurite: RunningAzurite;
let tableNo = 0;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

async function freshCounter(perMinute: number) {
  const table = TableClient.fromConnectionString(azurite.connectionString, `Counts${++tableNo}`, {
    allowInsecureConnection: true,
  });
  await table.createTable();
  return { counter: createTableSubmissionCounter(table, perMinute), table };
}

const at = new Date('2026-11-23T09:00:10.000Z');

describe('the table submission counter on Azurite', () => {
  it('admits a burst of one caller below the limit, all at once: no take loses to another', async () => {
    const { counter } = await freshCounter(30);
    const takes = await Promise.all(Array.from({ length: 20 }, () => counter.take('caller-a', at)));
    expect(takes.filter((t) => t.allowed)).toHaveLength(20);
  });

  it('admits exactly the limit from a burst over it, and tells the rest when the minute ends', async () => {
    const { counter } = await freshCounter(8);
    const takes = await Promise.all(Array.from({ length: 20 }, () => counter.take('caller-b', at)));
    expect(takes.filter((t) => t.allowed)).toHaveLength(8);
    expect(takes.filter((t) => !t.allowed)).toEqual(
      Array.from({ length: 12 }, () => ({ allowed: false, retryAfterMs: 50_000 })),
    );
  });

  it('counts each caller apart, starts again in the next minute, and keeps one row per slot, not per take', async () => {
    const { counter, table } = await freshCounter(2);
    expect((await counter.take('caller-c', at)).allowed).toBe(true);
    expect((await counter.take('caller-c', at)).allowed).toBe(true);
    expect((await counter.take('caller-c', at)).allowed).toBe(false);
    expect((await counter.take('caller-d', at)).allowed).toBe(true);
    const nextMinute = new Date('2026-11-23T09:01:00.000Z');
    expect((await counter.take('caller-c', nextMinute)).allowed).toBe(true);
    expect((await counter.take('caller-c', nextMinute)).allowed).toBe(true);
    expect((await counter.take('caller-c', nextMinute)).allowed).toBe(false);
    let rows = 0;
    for await (const _ of table.listEntities()) rows++;
    expect(rows).toBe(3); // two slots for caller-c, one for caller-d: the table grows with callers
  });
});
