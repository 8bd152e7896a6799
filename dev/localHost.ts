import { DEFAULT_RETRY, type RetrySettings } from '../src/core/retrySettings.js';
import { sweepRequests } from '../src/core/useCases/sweepRequests.js';
import { startLocalEnvironment, type LocalEnvironment } from './localEnvironment.js';
import { startLocalHttpServer } from './localHttpServer.js';

/** Shorter waits than in Azure, so a first request finishes while you watch. */
const LOCAL_RETRY: RetrySettings = { ...DEFAULT_RETRY, baseDelayMs: 2_000, pollIntervalMs: 2_000 };

export interface LocalHost extends LocalEnvironment {
  url: string;
  stop(): Promise<void>;
}

/**
 * What `npm start` runs: the local environment in real time, served over HTTP. Unless ARM_ENDPOINT is
 * set, ARM is the sandbox (principals take two attempts to replicate, VM updates two polls, as in Azure).
 */
export async function startLocalHost({
  port = 7071,
  useSandboxes = true,
  retry = LOCAL_RETRY,
  quiet = false,
}: {
  port?: number;
  useSandboxes?: boolean;
  retry?: RetrySettings;
  quiet?: boolean;
} = {}): Promise<LocalHost> {
  const env = await startLocalEnvironment({
    retry,
    sandboxes: useSandboxes
      ? { arm: { replicationDelayAttempts: 2, vmLroPolls: 2, retryAfterSeconds: 1 } }
      : false,
    log: (fn, level, args) => {
      if (!quiet && level !== 'trace' && level !== 'debug')
        console.log(`[${fn}] ${args.map(String).join(' ')}`);
    },
  });
  env.bus.start();
  // The sweeper's timer trigger, on its schedule (every five minutes).
  const sweeper = setInterval(
    () => void sweepRequests(env.services).catch((e) => console.error('sweeper', e)),
    5 * 60_000,
  );
  const { url, server } = await startLocalHttpServer(env.host, env.bus, { port });
  return {
    ...env,
    url,
    stop: async () => {
      clearInterval(sweeper);
      await new Promise((resolve) => server.close(resolve));
      await env.close();
    },
  };
}
