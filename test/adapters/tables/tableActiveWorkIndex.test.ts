import { afterAll, beforeAll } from 'vitest';
import { type RunningAzurite, startAzurite } from '../../../dev/azurite/startAzurite.js';
import { activeWorkContract } from '../../contracts/activeWorkContract.js';
import { tableStoreAndIndex } from '../../support/storeAndIndex.js';

let azurite: RunningAzurite;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite.close());

// Fresh tables per test, on Azurite: the same contract the in-memory store and index pass.
activeWorkContract('table store and index', () => tableStoreAndIndex(azurite.connectionString));
