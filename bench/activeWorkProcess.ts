import { measureActiveWorkScale } from './activeWorkScale.js';
import { serveParent } from './load/childProcess.js';

/**
 * The history measurement in a process of its own. It starts its own Azurite and sandboxes, and @azure/identity
 * (MSAL) keeps the managed-identity endpoint it first met for the life of a process: after the scenarios'
 * sandboxes had closed, a run in the driver's process got no token at all.
 */
serveParent(
  async (command) =>
    command.op === 'measure'
      ? measureActiveWorkScale({
          sizes: command.sizes as number[],
          onProgress: (line) => process.send?.({ progress: line }),
        }).then(
          (rows) => ({ rows }),
          (e: unknown) => ({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
        )
      : undefined,
  async () => {},
);
process.send?.({ ready: true });
