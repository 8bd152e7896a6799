import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTableSubmissionCounter,
  rememberedCallers,
} from '../../../src/adapters/tables/tableSubmissionCounter.js';
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

  it("takes with one conditional write once it has seen the caller's slots: no query in the steady state", async () => {
    const { counter, table } = await freshCounter(10);
    const queries = vi.spyOn(table, 'listEntities');
    expect((await counter.take('caller-e', at)).allowed).toBe(true);
    expect(queries).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) expect((await counter.take('caller-e', at)).allowed).toBe(true);
    const nextMinute = new Date('2026-11-23T09:01:00.000Z');
    for (let i = 0; i < 5; i++) expect((await counter.take('caller-e', nextMinute)).allowed).toBe(true);
    expect(queries).toHaveBeenCalledTimes(1);
  });

  it('never admits more than the limit across instances whose views of the slots are stale', async () => {
    const { counter: first, table } = await freshCounter(4);
    const second = createTableSubmissionCounter(table, 4);
    expect((await first.take('caller-f', at)).allowed).toBe(true);
    expect((await second.take('caller-f', at)).allowed).toBe(true);
    // Each now believes slots free that the other takes next: a write on a stale view must lose, not double.
    const takes = await Promise.all([
      ...Array.from({ length: 5 }, () => first.take('caller-f', at)),
      ...Array.from({ length: 5 }, () => second.take('caller-f', at)),
    ]);
    expect(takes.filter((t) => t.allowed)).toHaveLength(2);
    const nextMinute = new Date('2026-11-23T09:01:00.000Z');
    const later = await Promise.all([
      ...Array.from({ length: 3 }, () => first.take('caller-f', nextMinute)),
      ...Array.from({ length: 3 }, () => second.take('caller-f', nextMinute)),
    ]);
    expect(later.filter((t) => t.allowed)).toHaveLength(4);
  });

  it('reads the slots again when a row it remembers is gone, and takes one', async () => {
    const { counter, table } = await freshCounter(1);
    expect((await counter.take('caller-g', at)).allowed).toBe(true);
    for await (const row of table.listEntities())
      await table.deleteEntity(row.partitionKey ?? '', row.rowKey ?? '');
    expect((await counter.take('caller-g', new Date('2026-11-23T09:01:00.000Z'))).allowed).toBe(true);
  });

  it('never lets an instance whose clock runs behind take back a slot of the next minute', async () => {
    const { counter: ahead, table } = await freshCounter(1);
    const behind = createTableSubmissionCounter(table, 1);
    expect((await ahead.take('caller-h', new Date('2026-11-23T09:01:05.000Z'))).allowed).toBe(true);
    // 20 s behind, this instance is still in 09:00: the slot taken in 09:01 is not its to overwrite.
    expect((await behind.take('caller-h', new Date('2026-11-23T09:00:50.000Z'))).allowed).toBe(false);
    expect((await ahead.take('caller-h', new Date('2026-11-23T09:01:10.000Z'))).allowed).toBe(false);
    // A slot left by a clock far ahead (a broken one) does not block the caller for ever.
    const broken = createTableSubmissionCounter(table, 1);
    expect((await broken.take('caller-i', new Date('2026-11-23T12:00:00.000Z'))).allowed).toBe(true);
    expect((await ahead.take('caller-i', new Date('2026-11-23T09:01:20.000Z'))).allowed).toBe(true);
  });

  it('remembers a bounded number of slots, however high the limit', () => {
    expect(rememberedCallers(10)).toBe(1_000);
    expect(rememberedCallers(10_000)).toBe(10);
    expect(rememberedCallers(1_000_000)).toBe(1);
  });
});
