import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Median wall time of `script` in a fresh node process, in milliseconds. */
function timeProcess(script: string, runs = 5): number {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

/** What a cold Functions worker pays to load the app, against bare node. */
export async function measureColdStart() {
  const bare = timeProcess('0');
  const app = timeProcess("await import('./dist/src/functions/all.js')");
  return [
    { what: 'node -e 0', ms: Math.round(bare), ratio: 1 },
    {
      what: 'load every function (dist/src/functions/all.js)',
      ms: Math.round(app),
      ratio: Number((app / bare).toFixed(1)),
    },
  ];
}
