import { sentMarksContract } from '../contracts/sentMarksContract.js';
import { MemorySentMarks } from './memorySentMarks.js';

sentMarksContract('in-memory sent marks', async () => {
  const marks = new MemorySentMarks();
  return {
    marks,
    outcomeOf: async (key) => marks.rows.get(JSON.stringify([key.requestId, key.version, key.channel])),
  };
});
