import { startAzurite } from '../../dev/azurite/startAzurite.js';
import { cpuMs, serveParent } from './childProcess.js';

// Azurite in a process of its own, so its CPU is neither the broker's nor the load driver's.
const azurite = await startAzurite();
serveParent(
  (command) => (command.op === 'cpu' ? { cpuMs: cpuMs() } : undefined),
  () => azurite.close(),
);
process.send?.({
  ready: true,
  connectionString: azurite.connectionString,
  tableEndpoint: azurite.tableEndpoint,
});
