import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { APPROVER, REQUESTER, easyAuthHeaders } from '../../dev/callers.js';
import type { Caller } from '../../src/core/caller.js';
import { benchAutomationAccount } from '../../dev/armSandbox/seed.js';
import type { LoggedCall } from './armProcess.js';
import type { BrokerStats } from './brokerProcess.js';
import { type Child, type CpuReply, startChild } from './childProcess.js';
import { jsonClient, type Send } from './httpJson.js';
import { quantile } from './quantile.js';

export interface LoadLevel {
  armLatencyMs: number;
  concurrency: number;
  requests: number;
  /**
   * `arm`: the sandbox's buckets as ARM documents them (writes 200 at 10 a second, reads 250 at 25); `lifted`:
   * none that load can empty, to measure the broker's own cost at zero latency.
   */
  budget: 'arm' | 'lifted';
}

export interface Side {
  seconds: number;
  perSecond: number;
  medianMs: number;
  p99Ms: number;
}

export interface LevelResult extends LoadLevel {
  broker: Side;
  raw: Side;
  /** Broker throughput over the raw ARM work's at the same concurrency. */
  ratio: number;
  brokerCpuMsPerRequest: number;
  azuriteCpuMsPerRequest: number;
  armCpuMsPerRequest: { broker: number; raw: number };
  armReadsPerRequest: number;
  armWritesPerRequest: number;
  /** ARM answers that were not 2xx (429s under the bucket, for one), to the broker and to the raw replay. */
  armRefused: number;
  rawRefused: number;
  /** Every HTTP request to Table storage (all tables), per request. */
  tableCallsPerRequest: number;
  tokenRequests: number;
  tableWritesPerRequest: number;
  tableReadsPerRequest: number;
  ledgerPerRequest: number;
  limitTakesPerRequest: number;
  messagesPerRequest: Record<string, number>;
}

const BROKER_SCRIPT = new URL('./brokerProcess.js', import.meta.url);
const AZURITE_SCRIPT = new URL('./azuriteProcess.js', import.meta.url);
const ARM_SCRIPT = new URL('./armProcess.js', import.meta.url);

interface Running {
  azurite: Child;
  arm: Child;
  broker: Child;
  armUrl: string;
  armCa: string;
  brokerUrl: string;
}

/** Azurite, the sandboxes and the broker, each in its own process; `profile` runs the broker under --cpu-prof. */
export async function startLoadProcesses({ targets, profileDir }: { targets: number; profileDir?: string }) {
  const azurite = startChild(AZURITE_SCRIPT);
  const arm = startChild(ARM_SCRIPT, { BENCH_TARGETS: String(targets) });
  const [a, s] = await Promise.all([azurite.ready, arm.ready]);
  const sandboxEnv = s.env as Record<string, string>;
  const broker = startChild(
    BROKER_SCRIPT,
    {
      ...sandboxEnv,
      BENCH_STORAGE: a.connectionString as string,
      BENCH_TABLE_ENDPOINT: a.tableEndpoint as string,
      BENCH_ARM_CA: s.ca as string,
    },
    profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  );
  const b = await broker.ready;
  const running: Running = {
    azurite,
    arm,
    broker,
    armUrl: s.url as string,
    armCa: s.ca as string,
    brokerUrl: b.url as string,
  };
  return {
    ...running,
    stop: async () => {
      await broker.stop();
      await Promise.all([azurite.stop(), arm.stop()]);
    },
  };
}

type Processes = Awaited<ReturnType<typeof startLoadProcesses>>;

/** Accounts owned by worker `w` of `c`: disjoint, so no two requests in flight name the same target. */
const accountsOf = (w: number, c: number, targets: number) =>
  Array.from({ length: targets }, (_, i) => i).filter((i) => i % c === w);

/**
 * One level: `concurrency` closed-loop clients, each submitting a request (enable the system identity of one of
 * its accounts, or disable it where the last request enabled it), approving it and waiting for its end, until
 * `requests` have finished. Then the same ARM calls the broker made, straight to the sandbox, at the same
 * concurrency.
 */
export async function runLevel(
  p: Processes,
  level: LoadLevel,
  targets: number,
  progress: (text: string) => void,
): Promise<LevelResult> {
  const lifted = { capacity: 1e9, refillPerSecond: 1e9 };
  const knobs = {
    readLatencyMs: level.armLatencyMs,
    writeLatencyMs: level.armLatencyMs,
    ...(level.budget === 'lifted' ? { writeBucket: lifted, deleteBucket: lifted, readBucket: lifted } : {}),
  };
  await p.arm.ask({ op: 'reset', knobs });
  const before = await p.broker.ask<BrokerStats>({ op: 'stats' });
  const azuriteBefore = await p.azurite.ask<CpuReply>({ op: 'cpu' });
  const armBefore = await p.arm.ask<CpuReply>({ op: 'cpu' });

  const client = jsonClient(p.brokerUrl);
  const ended = new Map<string, (state: string) => void>();
  const early = new Map<string, string>();
  p.broker.onNotice((n) => {
    if (typeof n.terminal !== 'string') return;
    const resolve = ended.get(n.terminal);
    if (resolve) resolve(n.state as string);
    else early.set(n.terminal, n.state as string);
  });
  const endOf = (id: string) =>
    new Promise<string>((resolve) => {
      const state = early.get(id);
      if (state) return resolve(state);
      ended.set(id, resolve);
    });

  const latencies: number[] = [];
  let issued = 0;
  const started = performance.now();
  const ticker = setInterval(() => progress(`${latencies.length}/${level.requests} requests`), 500);
  const worker = async (w: number) => {
    const mine = accountsOf(w, level.concurrency, targets);
    const enabled = new Set<number>();
    for (let turn = 0; issued < level.requests; turn++) {
      const k = issued++;
      const account = mine[turn % mine.length] as number;
      const kind = enabled.has(account) ? 'disableSystemAssignedIdentity' : 'enableSystemAssignedIdentity';
      const t0 = performance.now();
      const id = await submitAndApprove(client.send, requester(k), benchAutomationAccount(account), kind);
      const state = await endOf(id);
      latencies.push(performance.now() - t0);
      if (state !== 'succeeded') throw new Error(`request ${id} on account ${account} ended ${state}`);
      if (enabled.has(account)) enabled.delete(account);
      else enabled.add(account);
    }
  };
  await Promise.all(Array.from({ length: level.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(ticker);
  client.close();
  const after = await p.broker.ask<BrokerStats>({ op: 'stats' });
  const azuriteAfter = await p.azurite.ask<CpuReply>({ op: 'cpu' });
  const armAfter = await p.arm.ask<CpuReply>({ op: 'cpu' });
  const log = await p.arm.ask<LoggedCall[]>({ op: 'log' });

  progress('raw ARM work');
  await p.arm.ask({ op: 'reset', knobs });
  const raw = await replayRaw(p, log, level.concurrency, targets, latencies.length);
  const armRawAfter = await p.arm.ask<CpuReply>({ op: 'cpu' });
  const n = latencies.length;
  const per = (x: number) => Number((x / n).toFixed(2));
  const sentNow = Object.fromEntries(
    Object.entries(after.sent).map(([k, v]) => [k, per(v - (before.sent[k] ?? 0))]),
  );
  const broker: Side = {
    seconds,
    perSecond: n / seconds,
    medianMs: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
  return {
    ...level,
    broker,
    raw: raw.side,
    ratio: broker.perSecond / raw.side.perSecond,
    brokerCpuMsPerRequest: per(after.cpuMs - before.cpuMs),
    azuriteCpuMsPerRequest: per(azuriteAfter.cpuMs - azuriteBefore.cpuMs),
    armCpuMsPerRequest: {
      broker: per(armAfter.cpuMs - armBefore.cpuMs),
      raw: per(armRawAfter.cpuMs - armAfter.cpuMs),
    },
    armReadsPerRequest: per(log.filter((c) => c.method === 'GET').length),
    armWritesPerRequest: per(log.filter((c) => c.method !== 'GET').length),
    armRefused: log.filter((c) => c.status >= 300).length,
    rawRefused: raw.refused,
    tableCallsPerRequest: per(after.http.table - before.http.table),
    tokenRequests: after.http.token - before.http.token,
    tableWritesPerRequest: per(after.store.writes - before.store.writes),
    tableReadsPerRequest: per(after.store.reads - before.store.reads),
    ledgerPerRequest: per(
      after.ledger.reads + after.ledger.writes - before.ledger.reads - before.ledger.writes,
    ),
    limitTakesPerRequest: per(after.limitTakes - before.limitTakes),
    messagesPerRequest: sentNow,
  };
}

/**
 * Request `k` comes from a requester of its own, as from many teams: each stays far below the per-caller limit
 * (the broker's default), which the load would otherwise hit instead of measuring the broker.
 */
const requester = (k: number): Caller => ({
  ...REQUESTER,
  id: `${REQUESTER.id.slice(0, 24)}${String(k).padStart(12, '0')}`,
  name: `requester-${k}@contoso.com`,
});

async function submitAndApprove(send: Send, as: Caller, target: string, kind: string): Promise<string> {
  // An Idempotency-Key makes the submission safe to send again, whatever happened to the first.
  const key = { 'idempotency-key': randomUUID() };
  const submitted = await send(
    'POST',
    '/api/identity-requests',
    { ...easyAuthHeaders(as), ...key },
    {
      target,
      operations: [{ kind }],
      justification: 'benchmark',
    },
  );
  if (submitted.status !== 201 && submitted.status !== 202)
    throw new Error(`submit answered ${submitted.status}: ${submitted.body}`);
  const { id } = JSON.parse(submitted.body) as { id: string };
  const approved = await send('POST', `/api/identity-requests/${id}/approve`, easyAuthHeaders(APPROVER), {});
  if (approved.status !== 200) throw new Error(`approve answered ${approved.status}: ${approved.body}`);
  return id;
}

/**
 * The broker's ARM calls of the level, sent again straight to the sandbox (reset to its seed) with the same
 * concurrency: worker `w` sends, in their order, the calls on the accounts the broker's worker `w` asked about;
 * calls on nothing of an account (role definitions) are shared out in turn. A "request" ends at each write.
 */
async function replayRaw(
  p: Processes,
  log: LoggedCall[],
  concurrency: number,
  targets: number,
  requests: number,
) {
  const token = await p.arm.ask<string>({ op: 'token' });
  const owner = new Map<string, number>();
  for (let i = 0; i < targets; i++) owner.set(benchAutomationAccount(i).toLowerCase(), i % concurrency);
  const queues: LoggedCall[][] = Array.from({ length: concurrency }, () => []);
  let spare = 0;
  for (const call of log) {
    const account = /^(.*\/automationaccounts\/[^/]+)/i.exec(call.path)?.[1]?.toLowerCase();
    const w = account !== undefined ? owner.get(account) : undefined;
    (queues[w ?? spare++ % concurrency] as LoggedCall[]).push(call);
  }
  const client = jsonClient(p.armUrl, { ca: p.armCa });
  const headers = { authorization: `Bearer ${token}` };
  const latencies: number[] = [];
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    queues.map(async (calls) => {
      let t0 = performance.now();
      for (const call of calls) {
        if (call.status === 429) continue; // refused by ARM's budget: the broker sent it again, logged again
        const query = new URLSearchParams(call.query).toString();
        const target = `${call.path}${query ? `?${query}` : ''}`;
        let answer = await client.send(call.method, target, headers, call.body);
        // As any ARM client: wait what Retry-After says, then send again.
        while (answer.status === 429) {
          refused++;
          await new Promise((r) => setTimeout(r, 1000 * Number(answer.headers['retry-after'] ?? 1)));
          answer = await client.send(call.method, target, headers, call.body);
        }
        if (answer.status !== call.status)
          throw new Error(`raw ${call.method} ${call.path}: ${answer.status}, the broker had ${call.status}`);
        if (call.method !== 'GET') {
          latencies.push(performance.now() - t0);
          t0 = performance.now();
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  client.close();
  const side: Side = {
    seconds,
    perSecond: requests / seconds,
    medianMs: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
  return { side, refused };
}
