import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Azurite requires applicationinsights for its telemetry, and that, unless told otherwise, patches the Azure
// SDKs and console in the whole process as it loads: every table and ARM call of a broker sharing the process
// would open a span (about a sixth of the local host's CPU). Set before the require below, which reads it.
process.env.APPLICATION_INSIGHTS_NO_DIAGNOSTIC_CHANNEL ??= 'true';

// Azurite's package main is a VS Code extension; its table server is loaded from its dist (pinned: 3.35.0).
const TableServer = require('azurite/dist/src/table/TableServer').default as new (
  config: unknown,
) => AzuriteServer;
const TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default as new (
  ...args: unknown[]
) => unknown;

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
  metadataStore: unknown;
}

/** The well-known development account every Azurite accepts. */
export const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** A connection string for the table endpoint (plain http: use allowInsecureConnection). */
  connectionString: string;
  tableEndpoint: string;
  close(): Promise<void>;
  /** An outage: the server stops answering until `start()` brings it back on the same port. */
  stop(): Promise<void>;
  /** Back after `stop()`; with `persistTo` its data survived, as a storage account's would. */
  start(): Promise<void>;
}

export interface AzuriteOptions {
  port?: number;
  host?: string;
  /** A file for Azurite's database; absent: in memory. */
  persistTo?: string;
}

const stores = new WeakMap<RunningAzurite, () => unknown>();

/**
 * The table store (Azurite's LokiTableMetadataStore) behind an Azurite this process started: for the
 * benchmark's history, written below the API because Azurite's inserts cost time linear in the table's size.
 */
export const azuriteStore = (azurite: RunningAzurite): unknown => stores.get(azurite)?.();

/** Azurite's table service in this process, in memory by default: about 20 ms to start, nothing left behind. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  let server = await startServer(options);
  let running = true;
  const address = server.getHttpServerAddress(); // http://127.0.0.1:<port>
  const port = Number(new URL(address).port);
  const tableEndpoint = `${address}/${DEV_ACCOUNT}`;
  const azurite: RunningAzurite = {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=${tableEndpoint};`,
    tableEndpoint,
    close: async () => {
      if (running) await server.close();
      running = false;
    },
    stop: async () => {
      await server.close();
      running = false;
    },
    start: async () => {
      server = await startServer({ ...options, port });
      running = true;
    },
  };
  stores.set(azurite, () => server.metadataStore);
  return azurite;
}

async function startServer({
  port = 0,
  host = '127.0.0.1',
  persistTo,
}: AzuriteOptions): Promise<AzuriteServer> {
  const config = new TableConfiguration(
    host,
    port,
    undefined, // keepAliveTimeout
    persistTo ?? ':memory:', // metadataDBPath
    false, // enableDebugLog
    false, // enableAccessLog
    undefined,
    undefined,
    false, // loose
    false, // skipApiVersionCheck
    '',
    '',
    '',
    undefined,
    false, // disableProductStyleUrl
    persistTo === undefined, // isMemoryPersistence
  );
  const server = new TableServer(config);
  await server.start();
  return server;
}
