import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActiveWork } from '../../../src/core/activeWork/withActiveWork.js';
import type { RequestQuery, RequestStore } from '../../../src/core/ports.js';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { AA, VM } from '../../fakes/ids.js';
import { requestFixture, submittedEvents } from '../../support/requestFixture.js';
import { storeAndIndexImplementations } from '../../support/storeAndIndex.js';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

const implementations = storeAndIndexImplementations(() => azurite.connectionString, 'Pend');

/** The store with its listing refused: a filter on every state row is a scan of every request ever made. */
const refusingScans = (s: RequestStore): RequestStore => ({
  create: (r, e, o) => s.create(r, e, o),
  get: (id) => s.get(id),
  history: (id) => s.history(id),
  commit: (p, n, e) => s.commit(p, n, e),
  list: (query) => Promise.reject(new Error(`scanned the requests table for ${JSON.stringify(query)}`)),
  findIdempotencyKey: (k) => s.findIdempotencyKey(k),
  claimIdempotencyKey: (k, c) => s.claimIdempotencyKey(k, c),
  markPublished: (id, seq) => s.markPublished(id, seq),
  listUnpublished: (q) => s.listUnpublished(q),
});

const ID = (n: number) => `ffff00000000${String(n).padStart(12, '0')}`;
const ALICE = { id: 'alice-object-id', name: 'alice@contoso.com' };
const BOB = { id: 'bob-object-id', name: 'bob@contoso.com' };

/**
 * Invariant 5 (DESIGN.md; docs/storage.md, "Readers"): the pending list reads the `pending` partition of the
 * index, and `requestedBy` and `target` are applied to what it read, so no filter turns it into a scan.
 */
describe.each(implementations)('%s: the pending list', (_, make) => {
  it('reads pending approvals through the index whatever it is filtered by, never by a scan', async () => {
    const { store, index } = await make();
    const indexed = withActiveWork(refusingScans(store), index);
    await indexed.create(requestFixture({ id: ID(1), requestedBy: ALICE, target: AA }), submittedEvents());
    await indexed.create(requestFixture({ id: ID(2), requestedBy: BOB, target: AA }), submittedEvents());
    await indexed.create(requestFixture({ id: ID(3), requestedBy: ALICE, target: VM }), submittedEvents());
    const pending = async (filter: Partial<RequestQuery>) =>
      (await indexed.list({ state: 'awaitingApproval', limit: 10, ...filter })).items.map((r) => r.id);
    expect(await pending({})).toEqual([ID(1), ID(2), ID(3)]);
    expect(await pending({ requestedBy: 'ALICE-object-id' })).toEqual([ID(1), ID(3)]);
    expect(await pending({ target: AA })).toEqual([ID(1), ID(2)]);
    expect(await pending({ requestedBy: ALICE.id, target: VM })).toEqual([ID(3)]);
  });
});
