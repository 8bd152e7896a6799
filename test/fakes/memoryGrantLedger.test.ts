import { grantLedgerContract } from '../contracts/grantLedgerContract.js';
import { MemoryGrantLedger } from './memoryGrantLedger.js';

grantLedgerContract('in-memory grant ledger', async () => new MemoryGrantLedger());
