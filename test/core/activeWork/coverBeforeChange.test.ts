import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveWorkIndex } from '../../../src/core/activeWork/activeWorkIndex.js';
import { withActiveWork } from '../../../src/core/activeWork/withActiveWork.js';
import type { NewEvent } from '../../../src/core/ports.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { requestFixture, submittedEvents } from '../../support/requestFixture.js';
import { storeAndIndexImplementations } from '../../support/storeAndIndex.js';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

const implementations = storeAndIndexImplementations(() => azurite.connectionString, 'Cover');

/** The index as it is, except that it cannot take a write: unavailable, or the process dying at it. */
const refusingWrites = (index: ActiveWorkIndex): ActiveWorkIndex => ({
  put: () => Promise.reject(new Error('the index of active work is unavailable')),
  remove: (entry) => index.remove(entry),
  dueBy: (kind, until, page) => index.dueBy(kind, until, page),
  pending: (page) => index.pending(page),
});

const ID = requestFixture().id;
const approvedEvent: NewEvent = {
  type: 'requestApproved',
  at: '2026-11-23T10:00:00.000Z',
  actor: 'approver',
};

/**
 * The cover invariant (docs/storage.md): the entry a change needs is written before the change, so an entry
 * that cannot be written stops the change. Written after it, a failed entry write would leave a request with
 * work and no entry: one the sweeper and the pending list never find.
 */
describe.each(implementations)('%s: the entry is written before the change it covers', (_, make) => {
  it('creates no request whose pending entry could not be written', async () => {
    const { store, index } = await make();
    const indexed = withActiveWork(store, refusingWrites(index));
    await expect(indexed.create(requestFixture(), submittedEvents())).rejects.toThrow('unavailable');
    expect(await store.get(ID)).toBeUndefined();
  });

  it('commits no change whose earlier look could not be written', async () => {
    const { store, index } = await make();
    await withActiveWork(store, index).create(requestFixture(), submittedEvents());
    await store.markPublished(ID, [3]); // its deadline is a day off: approving moves the look earlier
    const stored = (await store.get(ID))!;
    const next = { ...stored.request, state: 'approved' as const, version: 4, updatedAt: approvedEvent.at };
    await expect(
      withActiveWork(store, refusingWrites(index)).commit(stored, next, [approvedEvent]),
    ).rejects.toThrow('unavailable');
    expect((await store.get(ID))?.request.state).toBe('awaitingApproval');
  });
});
