import { performance } from 'node:perf_hooks';
import { armProbes } from './armProbes.js';
import { cpuMs, serveParent } from './childProcess.js';
import { type Probe, tableProbes } from './tableProbes.js';

/** What one run of a probe cost this process: its CPU (user + system) and the wall time it took. */
export interface ProbeRun {
  calls: number;
  cpuMs: number;
  seconds: number;
}

/**
 * The client side of single exchanges, alone in this process so its CPU is the exchanges' own: no broker, no
 * server, no load driver. Azurite and the ARM sandbox run in processes of their own.
 */
const workers = Number(process.env.BENCH_EXCHANGE_WORKERS);
const tables = await tableProbes(process.env.BENCH_STORAGE as string, workers);
const arm = armProbes({
  url: process.env.ARM_ENDPOINT as string,
  ca: process.env.BENCH_ARM_CA as string,
  token: process.env.BENCH_ARM_TOKEN as string,
});
const probes: Record<string, Probe> = { ...tables.probes, ...arm.probes };

/** `calls` calls of `probe`, `workers` at a time, each worker's in sequence. */
async function repeat(probe: Probe, calls: number): Promise<ProbeRun> {
  let issued = 0;
  const cpuBefore = cpuMs();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (issued < calls) {
        issued++;
        await probe(w);
      }
    }),
  );
  return { calls, cpuMs: cpuMs() - cpuBefore, seconds: (performance.now() - started) / 1000 };
}

serveParent(
  (command) => {
    if (command.op !== 'run') return undefined;
    const probe = probes[command.probe as string];
    if (!probe) throw new Error(`no probe ${String(command.probe)}`);
    return repeat(probe, command.calls as number);
  },
  async () => {
    tables.close();
    arm.close();
  },
);
process.send?.({ ready: true, probes: Object.keys(probes) });
