import { grantLedgerContract, grantLedgerRetentionContract } from '../contracts/grantLedgerContract.js';
import { MemoryGrantLedger } from './memoryGrantLedger.js';

grantLedgerContract('in-memory grant ledger', async () => new MemoryGrantLedger());

grantLedgerRetentionContract('in-memory grant ledger', async () => {
  const ledger = new MemoryGrantLedger();
  return { ledger, pruner: ledger };
});
