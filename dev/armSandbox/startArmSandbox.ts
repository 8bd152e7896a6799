import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createArmRequestListener } from './armRequestListener.js';
import { createFaults } from './faults.js';
import { createSandboxTls } from './sandboxTls.js';
import { BROKER, BROKER_USER_ASSIGNED } from './seed.js';
import { createSeededStore } from './seedStore.js';
import { createStateView } from './stateView.js';
import { createTokenBuckets } from './tokenBuckets.js';
import type { ArmLogEntry, ArmSandbox, ArmSandboxKnobs, ArmSandboxOptions } from './types.js';

export type { ArmLogEntry, ArmSandbox, ArmSandboxKnobs, ArmSandboxOptions } from './types.js';

/** Starts the HTTPS double of Azure Resource Manager on 127.0.0.1, seeded from seed.ts. */
export async function startArmSandbox(options: ArmSandboxOptions): Promise<ArmSandbox> {
  const tls = options.tls ?? (await createSandboxTls());
  const initial = knobsFrom(options);
  const knobs: ArmSandboxKnobs = structuredClone(initial);
  const seed = () => createSeededStore({ benchAutomationAccounts: options.benchAutomationAccounts ?? 0 });
  let store = seed();
  let seq = 0;
  const log: ArmLogEntry[] = [];
  const faults = createFaults(() => store);
  const buckets = createTokenBuckets(knobs, options.now);
  const state = createStateView(() => store);
  const reset = () => {
    store = seed();
    seq = 0;
    log.length = 0;
    faults.clear();
    buckets.clear();
    Object.assign(knobs, structuredClone(initial));
    sandbox.whileWriting = undefined;
  };

  const server = createServer({ key: tls.key, cert: tls.cert });
  // Node closes an idle kept-alive connection after 5 s, and a client that reuses it at that moment sees
  // ECONNRESET before anything is sent; ARM keeps its connections for minutes.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pipeline = { url, authority: options.authority, options: knobs, faults, buckets, store: () => store };
  const control = { log, state, faults, options: knobs, reset };
  const sandbox: ArmSandbox = {
    url,
    ca: tls.cert,
    log,
    faults,
    state,
    options: knobs,
    clearLog: () => {
      log.length = 0;
    },
    reset,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    whileWriting: undefined,
  };
  const afterWrite = async (write: { method: string; path: string }) => {
    if (knobs.writeLatencyMs > 0) await new Promise((r) => setTimeout(r, knobs.writeLatencyMs));
    await sandbox.whileWriting?.(write);
  };
  const afterRead = async () => {
    if (knobs.readLatencyMs > 0) await new Promise((r) => setTimeout(r, knobs.readLatencyMs));
  };
  server.on(
    'request',
    createArmRequestListener({ pipeline, control, log, nextSeq: () => ++seq, afterWrite, afterRead }),
  );
  return sandbox;
}

function knobsFrom(options: ArmSandboxOptions): ArmSandboxKnobs {
  return {
    brokerPrincipals: options.brokerPrincipals ?? [BROKER.objectId, BROKER_USER_ASSIGNED.principalId],
    replicationDelayAttempts: options.replicationDelayAttempts ?? 0,
    vmLroPolls: options.vmLroPolls ?? 2,
    vmUpdateAnswer: options.vmUpdateAnswer ?? 'updating',
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
    writeBucket: options.writeBucket ?? { capacity: 200, refillPerSecond: 10 },
    deleteBucket: options.deleteBucket ?? { capacity: 200, refillPerSecond: 10 },
    readBucket: options.readBucket ?? { capacity: 250, refillPerSecond: 25 },
    roleAssignmentLimit: options.roleAssignmentLimit ?? 4000,
    writeLatencyMs: options.writeLatencyMs ?? 0,
    readLatencyMs: options.readLatencyMs ?? 0,
  };
}
