import type { RunningAzurite } from '../../dev/azurite/startAzurite.js';
import { startLocalEnvironment } from '../../dev/localEnvironment.js';
import { startLocalHttpServer } from '../../dev/localHttpServer.js';
import { TERMINAL_STATES } from '../../src/core/requestState.js';
import { countingLedger } from '../countingLedger.js';
import { countingStore, type TableCounts } from '../countingStore.js';
import { countHttpCalls, portOf } from '../httpCallCounter.js';
import { cpuMs, serveParent } from './childProcess.js';

/** What the broker did since the process started; the driver takes differences around each load level. */
export interface BrokerStats {
  cpuMs: number;
  store: TableCounts;
  ledger: TableCounts;
  /** Takes of the per-caller submission limit: one conditional write each, and a read of the caller's slots when first met. */
  limitTakes: number;
  /** Messages the broker put on the bus, by queue or topic (topic copies to subscriptions not included). */
  sent: Record<string, number>;
  /** HTTP requests the process sent: to Table storage (every table), to ARM, for tokens. */
  http: { table: number; arm: number; token: number };
}

/**
 * The broker alone in this process, as the local host runs it (real clock, the bus delivering as messages come,
 * the function handlers behind HTTP), on the benchmark's Azurite and ARM sandbox processes. It tells the parent
 * of each request that reaches a terminal state, from the events it publishes.
 */
const connectionString = process.env.BENCH_STORAGE as string;
const calls = countHttpCalls();
const ports = {
  table: portOf(process.env.BENCH_TABLE_ENDPOINT as string),
  arm: portOf(process.env.ARM_ENDPOINT as string),
  token: portOf(process.env.IDENTITY_ENDPOINT as string),
};
const store: TableCounts = { reads: 0, writes: 0 };
const ledger: TableCounts = { reads: 0, writes: 0 };
const sent: Record<string, number> = {};
let limitTakes = 0;
const azurite: RunningAzurite = {
  connectionString,
  tableEndpoint: process.env.BENCH_TABLE_ENDPOINT as string,
  close: async () => {},
  stop: () => Promise.reject(new Error('Azurite runs in its own process')),
  start: () => Promise.reject(new Error('Azurite runs in its own process')),
};
const env = await startLocalEnvironment({
  azurite,
  sandboxes: false,
  armCa: process.env.BENCH_ARM_CA as string,
  wrapStore: (s) => countingStore(s, store),
  wrapEvents: (events) => ({
    publish: async (batch) => {
      await events.publish(batch);
      for (const event of batch)
        if (TERMINAL_STATES.has(event.body.state))
          process.send?.({ terminal: event.body.requestId, state: event.body.state });
    },
  }),
  log: () => {},
});
env.services.ledger = countingLedger(env.services.ledger, ledger);
const counter = env.services.submissions;
env.services.submissions = { take: (caller, now) => (limitTakes++, counter.take(caller, now)) };
const send = env.bus.send.bind(env.bus);
env.bus.send = (name, message) => {
  if (!name.includes('/Subscriptions/')) sent[name] = (sent[name] ?? 0) + 1;
  send(name, message);
};
env.bus.start();
const { url, server } = await startLocalHttpServer(env.host, env.bus, { port: 0 });
serveParent(
  (command): BrokerStats | undefined =>
    command.op === 'stats'
      ? {
          cpuMs: cpuMs(),
          store: { ...store },
          ledger: { ...ledger },
          limitTakes,
          sent: { ...sent },
          http: {
            table: calls.byPort.get(ports.table) ?? 0,
            arm: calls.byPort.get(ports.arm) ?? 0,
            token: calls.byPort.get(ports.token) ?? 0,
          },
        }
      : undefined,
  async () => {
    await new Promise((resolve) => server.close(resolve));
    await env.close();
  },
);
process.send?.({ ready: true, url });
