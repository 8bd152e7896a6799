import { EXCHANGES, type ExchangeCost } from './exchangeCost.js';
import { expectedBrokerCpu, requestMix } from './exchangeMix.js';
import type { LevelResult } from './load/loadRun.js';
import type { ScenarioCounts } from './scenarioCounts.js';
import { svgChart, type Panel } from './svgChart.js';

export interface Machine {
  date: string;
  command: string;
  nproc: number;
  cpu: string;
  node: string;
  /** The 1-minute load average when the load levels started and ended: other work on the machine. */
  loadAverage: string;
}

export interface ActiveWorkRow {
  finishedRequests: number;
  sweeperTransactions: number;
  sweeperMs: number;
  pendingListTransactions: number;
  pendingListMs: number;
  tableScanPages?: number;
  tableScanMs?: number;
  tableRows?: number;
  partitionQueryMs?: number;
  seededPerSecond?: number;
}

export interface BenchResults {
  machine: Machine;
  scenarios: ScenarioCounts[];
  load: LevelResult[];
  exchangeCost: ExchangeCost;
  activeWork: { rows: ActiveWorkRow[]; source: string } | { rows: []; source: string; missing: string };
  coldStart: Array<{ what: string; ms: number; ratio: number }>;
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
/** A count as a whole number where it is one (12), else to one decimal (12.5). */
const count = (x: number) => (Number.isInteger(x) ? String(x) : f(x));
const table = (head: string[], rows: Array<Array<string | number>>) =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const byLatency = (load: LevelResult[], ms: number) => load.filter((l) => l.armLatencyMs === ms);

/** Latency against load (one panel per ARM latency) and throughput against load, broker and raw ARM work. */
export function latencyChart(load: LevelResult[]): string {
  const panels: Panel[] = [];
  for (const ms of [...new Set(load.map((l) => l.armLatencyMs))]) {
    const levels = byLatency(load, ms);
    panels.push({
      title: `Submit to terminal, ARM latency ${ms} ms`,
      xTitle: 'concurrent clients',
      yTitle: 'latency (ms)',
      xLabels: levels.map((l) => String(l.concurrency)),
      series: [
        { name: 'broker median', values: levels.map((l) => l.broker.medianMs), color: '#1f77b4' },
        { name: 'broker p99', values: levels.map((l) => l.broker.p99Ms), color: '#1f77b4', dashed: true },
        { name: 'raw ARM median', values: levels.map((l) => l.raw.medianMs), color: '#d62728' },
        { name: 'raw ARM p99', values: levels.map((l) => l.raw.p99Ms), color: '#d62728', dashed: true },
      ],
    });
  }
  for (const ms of [...new Set(load.map((l) => l.armLatencyMs))]) {
    const levels = byLatency(load, ms);
    panels.push({
      title: `Throughput, ARM latency ${ms} ms`,
      xTitle: 'concurrent clients',
      yTitle: 'requests per second',
      xLabels: levels.map((l) => String(l.concurrency)),
      series: [
        { name: 'broker end to end', values: levels.map((l) => l.broker.perSecond), color: '#1f77b4' },
        { name: 'raw ARM work', values: levels.map((l) => l.raw.perSecond), color: '#d62728' },
      ],
    });
  }
  return svgChart(panels);
}

/** docs/benchmarks.md, from one run's results; `svgName` is the plot next to it. */
export function renderReport(r: BenchResults, svgName: string, pngName?: string): string {
  const zero = byLatency(r.load, 0);
  const slow = r.load.filter((l) => l.armLatencyMs > 0);
  const best = zero.reduce<LevelResult | undefined>(
    (a, l) => (!a || l.broker.perSecond > a.broker.perSecond ? l : a),
    undefined,
  );
  const bestRaw = zero.reduce<LevelResult | undefined>(
    (a, l) => (!a || l.raw.perSecond > a.raw.perSecond ? l : a),
    undefined,
  );
  const cpu = zero.map((l) => l.brokerCpuMsPerRequest);
  const over = r.scenarios.filter((s) => s.armCallsOverMinimum > 0);
  const oneStep = r.scenarios.filter((s) => s.executorRuns === 1);
  const maxOneStepWrites = Math.max(...oneStep.map((s) => s.tableWrites));
  const mix = requestMix(r.scenarios, r.load);
  const expected = mix && expectedBrokerCpu(mix, r.exchangeCost.rows);
  const throughputExchanges =
    mix && expected
      ? ` Measured one exchange at a time ("What one exchange costs"), a request's ${count(expected.exchanges)} exchanges cost the broker ${f(expected.sdkMs)} ms of CPU at the SDK's prices (${f(expected.floorMs)} ms even as bare keep-alive requests), where the raw work's ${count(mix.armReads + mix.armWrites)} bare ARM calls cost its client ${f(expected.rawMs)} ms.`
      : '';
  const cpuExchanges = expected
    ? ` Of that, the request's ${count(expected.exchanges)} HTTP exchanges alone cost ${f(expected.sdkMs)} ms at the SDK's prices and ${f(expected.floorMs)} ms at the floor (each a bare keep-alive request), measured one at a time ("What one exchange costs")` +
      (expected.floorMs > 3
        ? ': even bare, this many exchanges cost more than the 3 ms target on this machine.'
        : '.')
    : '';
  const lines: string[] = [];
  lines.push(
    '# Benchmarks',
    '',
    `Generated by \`${r.machine.command}\` on ${r.machine.date}: ${r.machine.nproc} cores (${r.machine.cpu}), Node ${r.machine.node}. ` +
      `The 1-minute load average was ${r.machine.loadAverage} while the load levels ran (the benchmark's own processes share the ` +
      'cores, with whatever else runs): seconds and CPU milliseconds move from run to run by up to a quarter, so they are a guide; counts and ratios (both sides measured in the same run) are what to read.',
    '',
    'How it runs (bench/README.md has the details): Azurite, the ARM and managed-identity sandboxes, and the broker each in a ' +
      'process of its own; the broker as the local host runs it (real clock, function handlers behind HTTP, the bus delivering ' +
      'as messages come); the load driver in the parent. Each client submits a request (enable, or disable, the system ' +
      'identity of one of its own Automation accounts), approves it and waits for its terminal event, then starts the next. ' +
      'The raw ARM work is the same ARM calls the broker made in that level, read back from the sandbox log, sent straight to ' +
      'the sandbox (reset to its seed) over keep-alive HTTPS with the same concurrency.',
    '',
    `![latency and throughput against load](${pngName ?? svgName})`,
    '',
    `(The plot is [${svgName}](${svgName}), drawn by the benchmark itself.)`,
    '',
    '## Targets',
    '',
  );
  const target = (name: string, met: boolean, detail: string) =>
    lines.push(`- **${name}: ${met ? 'met' : 'gap'}.** ${detail}`);
  target(
    'ARM calls per operation equal the minimum',
    over.length === 0,
    over.length === 0
      ? 'Every scenario applies with exactly the minimum (table below).'
      : `${r.scenarios.length - over.length} of ${r.scenarios.length} scenarios apply with the minimum; over it: ` +
          over
            .map(
              (s) =>
                `${s.scenario} (${s.armReadsApply} reads and ${s.armWrites} writes where the minimum is ${s.minimum.reads} and ${s.minimum.writes}: ${s.minimum.why})`,
            )
            .join('; ') +
          '. See "ARM calls over the minimum" below for why.',
  );
  const loadCalls = [...new Set(zero.map((l) => f(l.tableCallsPerRequest)))].join('/');
  target(
    "At most 4 table transactions for a one-step request (the request's own)",
    maxOneStepWrites <= 4,
    `A one-step request makes ${oneStep.map((s) => s.tableWrites).join('/')} request-store writes (submit, approve, \`applyStarted\`, the step with \`requestSucceeded\`) and ${oneStep.map((s) => s.tableReads).join('/')} reads (the approval's and the executor's; the step runs on what the \`applyStarted\` commit answered, not on a read). ` +
      `Counting every Table call on the wire, ${oneStep.map((s) => s.tableCalls).join('/')} per scenario: on top of the request's own come the \`pending\` entry of the index of active work (written before the request), the per-caller limit's slot write (and a query of the caller's slots the first time an instance meets the caller), and the ledger's calls for a grant. ` +
      `Under load, where each submission also carries an \`Idempotency-Key\` (its lookup and its claim), ${loadCalls} per request. So the request's own transactions meet the 4; all Table calls together do not, and each of the others keeps an invariant (docs/storage.md).`,
  );
  if (best && bestRaw)
    target(
      "Zero ARM latency: end-to-end throughput at least half the raw ARM work's",
      zero.every((l) => l.ratio >= 0.5),
      `Broker/raw at each concurrency: ${zero.map((l) => `${l.concurrency}: ${f(l.ratio, 3)}`).join(', ')}. Best broker ${f(best.broker.perSecond)} requests/s (${best.concurrency} clients), best raw ${f(bestRaw.raw.perSecond)}/s (${bestRaw.concurrency}). ` +
        "The gap is the broker's CPU per request (next line) against the sandbox's few hundred microseconds per call: see \"Where the broker's time goes\"." +
        throughputExchanges,
    );
  target(
    'Zero ARM latency: at most 3 ms of broker CPU per request',
    cpu.every((c) => c <= 3),
    `Measured ${cpu.map((c) => f(c)).join(', ')} ms at ${zero.map((l) => l.concurrency).join(', ')} clients (process.cpuUsage of the broker process alone, user + system).` +
      cpuExchanges,
  );
  if (slow.length > 0)
    target(
      '200 ms ARM latency: throughput limited by ARM, not by the broker',
      slow.every((l) => l.ratio >= 0.8),
      `Broker/raw at ${slow.map((l) => `${l.concurrency} clients: ${f(l.ratio, 2)} (${f(l.broker.perSecond)} against ${f(l.raw.perSecond)} requests/s, ARM refused ${l.armRefused} of the broker's calls and ${l.rawRefused} of the raw replay's)`).join('; ')}. ` +
        `With ${slow[0]?.armReadsPerRequest ?? 0} reads and ${slow[0]?.armWritesPerRequest ?? 0} write per request at 200 ms each, ARM alone allows concurrency / ${f(((slow[0]?.armReadsPerRequest ?? 0) + (slow[0]?.armWritesPerRequest ?? 0)) * 0.2)} s, and ARM's read bucket (250, then 25 a second) caps a longer burst: that bucket holds the raw replay (its 429s) at every level. ` +
        `The broker gets no 429 (it paces its writes to the budget); what keeps it below the raw replay is the CPU its requests take on the same ${r.machine.nproc} cores: ${slow.map((l) => `${f(l.brokerCpuMsPerRequest + l.azuriteCpuMsPerRequest + l.armCpuMsPerRequest.broker)} ms`).join(', ')} per request for the broker, Azurite and the sandbox together, which ${r.machine.nproc} cores can give at most ${slow.map((l) => f((r.machine.nproc * 1000) / (l.brokerCpuMsPerRequest + l.azuriteCpuMsPerRequest + l.armCpuMsPerRequest.broker))).join(', ')} requests a second. ` +
        `Azurite's part of it is, in Azure, the storage service's, on none of the app's cores; the broker's own, ${slow.map((l) => f(l.brokerCpuMsPerRequest)).join(', ')} ms, lets one core carry ${slow.map((l) => f(1000 / l.brokerCpuMsPerRequest)).join(', ')} requests a second, against ARM's ${slow.map((l) => f(l.raw.perSecond)).join(', ')} here.`,
    );
  const aw = r.activeWork.rows;
  if (aw.length > 0) {
    const first = aw[0] as ActiveWorkRow;
    const last = aw[aw.length - 1] as ActiveWorkRow;
    const reached = last.finishedRequests >= 100_000;
    const same =
      first.sweeperTransactions === last.sweeperTransactions &&
      first.pendingListTransactions === last.pendingListTransactions;
    target(
      'Sweeper and pending list: the same table transactions at 100k finished requests as at 1k',
      same && reached,
      `Sweeper ${aw.map((a) => a.sweeperTransactions).join(' / ')}, pending list ${aw.map((a) => a.pendingListTransactions).join(' / ')} transactions at ${aw.map((a) => a.finishedRequests).join(' / ')} finished requests (${r.activeWork.source}).` +
        (reached
          ? ' Both read only the partitions of the index of active work; the transactions they make are the measuring rounds\' own work (the sweeper sends and clears the outboxes of the two requests each round creates and moves their entries; the list repairs the stale entry the previous round\'s cancelled request left), the same at every size. Their milliseconds do grow here, and that is Azurite: it answers any filtered query, a one-partition one too, by reading every row of the table (see "one partition query" below); Table storage serves a partition query from its partition.'
          : ` Measured to ${last.finishedRequests} only (\`BENCH_HISTORY_SIZES=1000,10000,100000\` measures all three).`),
    );
  } else
    lines.push(
      `- **Sweeper and pending list at 1k, 10k, 100k: not measured in this run.** ${'missing' in r.activeWork ? r.activeWork.missing : ''}`,
    );

  lines.push(
    '',
    '## Load',
    '',
    'Per request, each level measured once; "raw" is the same ARM calls sent straight to the sandbox.',
    '',
  );
  lines.push(
    table(
      [
        'ARM latency',
        'clients',
        'requests',
        'broker req/s',
        'raw req/s',
        'broker/raw',
        'median ms',
        'p99 ms',
        'raw median ms',
        'broker CPU ms/req',
        'Azurite CPU ms/req',
        'sandbox CPU ms/req (broker / raw)',
        'ARM reads / writes per req',
        'ARM refused (broker / raw)',
        'table calls / req',
        'messages / req',
      ],
      r.load.map((l) => [
        `${l.armLatencyMs} ms`,
        l.concurrency,
        l.requests,
        f(l.broker.perSecond),
        f(l.raw.perSecond),
        f(l.ratio, 3),
        f(l.broker.medianMs, 0),
        f(l.broker.p99Ms, 0),
        f(l.raw.medianMs, 0),
        f(l.brokerCpuMsPerRequest),
        f(l.azuriteCpuMsPerRequest),
        `${f(l.armCpuMsPerRequest.broker)} / ${f(l.armCpuMsPerRequest.raw)}`,
        `${l.armReadsPerRequest} / ${l.armWritesPerRequest}`,
        `${l.armRefused} / ${l.rawRefused}`,
        f(l.tableCallsPerRequest),
        Object.entries(l.messagesPerRequest)
          .map(([k, v]) => `${v} ${k}`)
          .join(', '),
      ]),
    ),
  );
  lines.push(
    '',
    'Messages: `identity-request-events` are the sends to the events topic, one per committed change of the request (the submission, the approval, `applyStarted`, the step with `requestSucceeded`); `identity-operations` the nudges to the executor.',
    '',
    ...exchangeCostSection(r.exchangeCost, mix, expected, zero),
    '## Per scenario (counts, the same on every run)',
    '',
    'In one process on a manual clock (retries and polls cost no wall time), each scenario from a freshly seeded sandbox. ARM reads at planning happen at submission (what the approver sees); the minimum is for applying.',
    '',
  );
  lines.push(
    table(
      [
        'scenario',
        'ARM reads plan / apply',
        'ARM writes',
        'minimum (apply)',
        'over',
        'store writes / reads',
        'table calls',
        'ledger writes / reads',
        'limit takes',
        'executor runs',
        'nudges',
        'events',
      ],
      r.scenarios.map((s) => [
        s.scenario,
        `${s.armReadsPlan} / ${s.armReadsApply}`,
        s.armWrites,
        `${s.minimum.reads} reads + ${s.minimum.writes} writes (${s.minimum.why})`,
        s.armCallsOverMinimum === 0 ? 'no' : `**${s.armCallsOverMinimum}**`,
        `${s.tableWrites} / ${s.tableReads}`,
        s.tableCalls,
        `${s.ledgerWrites} / ${s.ledgerReads}`,
        s.limitTakes,
        s.executorRuns,
        s.nudges,
        s.events,
      ]),
    ),
  );
  if (aw.length > 0) {
    lines.push(
      '',
      '## Sweeper and pending list against history',
      '',
      `From ${r.activeWork.source}: finished requests (copies of one the broker ran to the end in the same run: its state row, its 8 event rows and its \`finished\` index entry) seeded into Azurite and read back through the table store, then one pass of the sweeper and one page of the pending approvals. For contrast, one state filter over the whole table, as the sweeper ran five of every pass before the index: Azurite answers it in one page however many rows it reads, so the rows and the milliseconds are its cost.`,
      '',
    );
    lines.push(
      table(
        [
          'finished requests',
          'sweeper transactions',
          'sweeper ms',
          'pending list transactions',
          'pending list ms',
          'one full-table state filter: pages',
          'ms',
          'rows in the requests table',
          'one partition query ms',
          'seeded requests/s',
        ],
        aw.map((a) => [
          a.finishedRequests,
          a.sweeperTransactions,
          f(a.sweeperMs),
          a.pendingListTransactions,
          f(a.pendingListMs),
          a.tableScanPages ?? '–',
          a.tableScanMs === undefined ? '–' : f(a.tableScanMs),
          a.tableRows ?? '–',
          a.partitionQueryMs === undefined ? '–' : f(a.partitionQueryMs),
          a.seededPerSecond === undefined ? '–' : f(a.seededPerSecond, 0),
        ]),
      ),
    );
  }
  lines.push(
    '',
    '## Cold start',
    '',
    'Fresh `node` processes, median of 5.',
    '',
    table(
      ['what', 'ms', 'ratio to bare node'],
      r.coldStart.map((c) => [c.what, c.ms, c.ratio]),
    ),
    '',
  );
  return lines.join('\n');
}

/** "What one exchange costs": each kind measured alone, and the broker's mix priced with them. */
function exchangeCostSection(
  cost: ExchangeCost,
  mix: ReturnType<typeof requestMix>,
  expected: ReturnType<typeof expectedBrokerCpu> | undefined,
  zero: LevelResult[],
): string[] {
  const sdkCalls = (uses: (e: string) => boolean) =>
    cost.rows.filter((r) => uses(r.exchange)).length * cost.warmupCalls;
  const lines = [
    '## What one exchange costs',
    '',
    `Each exchange alone, in a process doing nothing else (its \`process.cpuUsage()\`: the client's side), against Azurite and the ARM sandbox in processes of their own (their CPU per call in the last column), ${cost.concurrency === 1 ? 'one call' : `${cost.concurrency} calls`} at a time. ` +
      `Each had ${cost.warmupCalls} warm-up calls and ${cost.calls} measured ones, spread over ${cost.rounds} rounds that take every exchange in turn: the Table SDK had made ${sdkCalls((e) => e.startsWith('transaction') || /Entity|Query/.test(e))} calls and the ARM SDKs ${sdkCalls((e) => e.startsWith('gateway'))} before any was measured (V8 optimises them late), and other work on the machine falls on every exchange alike. The 1-minute load average was ${cost.loadAverage}; the section took ${cost.seconds} s.`,
    '',
    table(
      ['exchange', 'client CPU ms / call', 'calls / s', 'server CPU ms / call'],
      cost.rows.map((row) => [
        EXCHANGES[row.exchange],
        f(row.cpuMsPerCall, 2),
        f(row.callsPerSecond, 0),
        f(row.serverCpuMsPerCall, 2),
      ]),
    ),
    '',
  ];
  if (mix && expected)
    lines.push(
      `A load request's ${count(expected.exchanges)} exchanges (counted in the tables above and below): ${count(mix.inbound)} inbound (submit, approve), ${count(mix.tableCalls)} to Table storage of which ${count(mix.transactions)} entity-group transactions, ${count(mix.armReads)} ARM reads and ${count(mix.armWrites)} write. ` +
        `**At the SDK's prices they cost ${f(expected.sdkMs)} ms of broker CPU per request, at the floor ${f(expected.floorMs)} ms; the broker measured ${zero.map((l) => f(l.brokerCpuMsPerRequest)).join(', ')} ms** at zero ARM latency (${zero.map((l) => l.concurrency).join(', ')} clients). The raw ARM work's client pays ${f(expected.rawMs)} ms for its ${count(mix.armReads + mix.armWrites)} calls. ` +
        "(SDK prices: the transactions at the 4-action price, a one-step request's four being 3 to 6 actions, 4.25 on average (the create 5, or 6 with an Idempotency-Key; the commits 3, 4 and 4); the other table calls at the mean of getEntity, the conditional update and the partition query; ARM at the gateway's read and PATCH; the inbound calls, served by node:http with no SDK, at the bare GET's price. Floor: every exchange at its protocol's bare GET price.) " +
        `The other ${f(Math.min(...zero.map((l) => l.brokerCpuMsPerRequest)) - expected.sdkMs)} to ${f(Math.max(...zero.map((l) => l.brokerCpuMsPerRequest)) - expected.sdkMs)} ms are not priced here: the server side of the inbound calls and the function host around them, the local bus, the broker's own code, and what the same exchanges cost more in a busy process than alone.`,
      '',
    );
  return lines;
}
