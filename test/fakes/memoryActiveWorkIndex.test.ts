import { activeWorkContract } from '../contracts/activeWorkContract.js';
import { MemoryActiveWorkIndex } from './memoryActiveWorkIndex.js';
import { MemoryRequestStore } from './memoryRequestStore.js';

// The same contract test/adapters/tables/tableActiveWorkIndex.test.ts holds the table index to.
activeWorkContract('memory store and index', async () => {
  const store = new MemoryRequestStore();
  return { store, index: new MemoryActiveWorkIndex(), pruner: store };
});
