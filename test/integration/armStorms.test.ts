import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUTOMATION_ACCOUNT_PLAIN, UAI_REPORTING } from '../../dev/armSandbox/seed.js';
import type { ArmLogEntry } from '../../dev/armSandbox/types.js';
import { FaultPlan } from '../support/faultPoints.js';
import {
  expectSameOutcome,
  FaultDriver,
  type Observed,
  observe,
  type RequestShape,
  SHAPES,
  seededRandom,
} from '../support/faultRun.js';
import { expectLedgerMatchesArm } from '../support/ledgerCheck.js';
import { type TestBroker, startTestBroker } from '../support/testBroker.js';

const SEED = Number(process.env.FAULT_SEED ?? 20261205);
const STORMS = Number(process.env.STORM_RUNS ?? 30);

let broker: TestBroker;
let driver: FaultDriver;
const clean = new Map<string, Observed>();
/** The broker's time at each write the sandbox received, in the order of its log. */
const writtenAt: Date[] = [];

beforeAll(async () => {
  broker = await startTestBroker({ sandboxes: { arm: { vmLroPolls: 1, retryAfterSeconds: 0 } } });
  driver = new FaultDriver(broker, new FaultPlan());
  for (const shape of SHAPES) clean.set(shape.name, await carryOut(shape, () => {}));
}, 60_000);
afterAll(() => broker.close());
afterEach(() => expectLedgerMatchesArm(broker));

/** Submits from the seed, lets `storm` arm ARM's faults, then approves and drives the request to rest. */
async function carryOut(shape: RequestShape, storm: () => void): Promise<Observed> {
  await broker.reset();
  writtenAt.length = 0;
  // The sandbox calls this for every write it answers (faults included), just before logging it.
  broker.sandboxes.arm.whileWriting = async () => void writtenAt.push(broker.clock.now());
  const id = await driver.submit({
    target: shape.target,
    operations: shape.operations,
    justification: 'storm',
  });
  storm();
  // Every message is delivered twice as well: a copy must not retry before Retry-After either.
  broker.bus.faults.redeliverCompletedOnce = true;
  try {
    await driver.approve(id);
    await driver.settle(id);
  } finally {
    broker.bus.faults.redeliverCompletedOnce = false;
  }
  return observe(broker, id, shape.target);
}

/** Every write ARM answered with Retry-After was not sent again, to the same path, before that time had passed. */
function expectRetryAfterHonoured(context: string): number {
  const log = broker.armCalls((e) => e.method !== 'GET');
  expect(log, context).toHaveLength(writtenAt.length);
  let checked = 0;
  log.forEach((entry: ArmLogEntry, i) => {
    const retryAfter = Number(entry.responseHeaders['retry-after'] ?? NaN);
    if (!(entry.status === 429 || entry.status === 503) || Number.isNaN(retryAfter)) return;
    const next = log.findIndex((e, j) => j > i && e.method === entry.method && e.path === entry.path);
    if (next < 0) return;
    const waited = (writtenAt[next] as Date).getTime() - (writtenAt[i] as Date).getTime();
    expect(
      waited,
      `${context}: ${entry.method} ${entry.path} retried ${waited} ms after Retry-After: ${retryAfter}`,
    ).toBeGreaterThanOrEqual(retryAfter * 1000);
    checked++;
  });
  return checked;
}

const pick = <T>(random: () => number, from: readonly T[]): T =>
  from[Math.floor(random() * from.length)] as T;

/** A few of ARM's bad moments at once: throttling, outages, busy resources, dropped connections, slow replication. */
function stormOf(random: () => number): () => string[] {
  return () => {
    const faults = broker.sandboxes.arm.faults;
    const armed: string[] = [];
    for (let i = 0, n = 2 + Math.floor(random() * 4); i < n; i++) {
      const method = pick(random, ['PATCH', 'PUT', 'DELETE'] as const);
      switch (pick(random, ['throttle', 'unavailable', 'busy', 'reset', 'replication'] as const)) {
        case 'throttle': {
          const seconds = pick(random, [1, 20, 90]);
          faults.inject({
            method,
            status: 429,
            code: 'TooManyRequests',
            headers: { 'retry-after': String(seconds) },
          });
          armed.push(`429 on ${method} (Retry-After ${seconds})`);
          break;
        }
        case 'unavailable':
          faults.inject({
            method,
            status: 503,
            code: 'ServiceUnavailable',
            headers: { 'retry-after': '15' },
          });
          armed.push(`503 on ${method}`);
          break;
        case 'busy':
          faults.inject({ method: 'PATCH', status: 409, code: 'AnotherOperationInProgress' });
          armed.push('409 AnotherOperationInProgress on PATCH');
          break;
        case 'reset': {
          const when = pick(random, ['beforeEffect', 'afterEffect'] as const);
          const on = pick(random, [method, 'GET'] as const);
          faults.resetConnections({ method: on, when });
          armed.push(`connection reset on ${on} ${when}`);
          break;
        }
        case 'replication': {
          const attempts = 1 + Math.floor(random() * 3);
          faults.delayPrincipal(UAI_REPORTING.principalId, attempts);
          armed.push(`PrincipalNotFound ${attempts}x`);
          break;
        }
      }
    }
    return armed;
  };
}

describe('ARM storms', () => {
  it.each([
    ['before', 'beforeEffect'],
    ['after', 'afterEffect'],
  ] as const)(
    'a connection reset %s a PATCH took effect: retried, and the change is made once',
    async (_when, when) => {
      const shape = SHAPES.find(
        (s) => s.target === AUTOMATION_ACCOUNT_PLAIN && s.operations.length === 1,
      ) as RequestShape;
      const observed = await carryOut(shape, () =>
        broker.sandboxes.arm.faults.resetConnections({ method: 'PATCH', when }),
      );
      expect(broker.armCalls((e) => e.connectionReset === true).map((e) => e.status)).toEqual([
        when === 'afterEffect' ? 200 : 0,
      ]);
      expectSameOutcome(observed, clean.get(shape.name) as Observed, when);
      const done = (
        await broker.services.store.history(
          (await broker.services.store.list({ limit: 1 })).items[0]?.id as string,
        )
      )
        .filter((e) => e.type === 'stepRetryScheduled')
        .map((e) => (e.data as { code?: string }).code);
      expect(done).toEqual(['ECONNRESET']);
    },
  );

  it('a removal answered 503 with Retry-After is not tried again before it, not even by a copy of its nudge', async () => {
    const shape = SHAPES.find((s) => s.ends === 'revoked' && s.operations.length === 1) as RequestShape;
    const observed = await carryOut(shape, () =>
      broker.sandboxes.arm.faults.inject({
        method: 'DELETE',
        status: 503,
        code: 'ServiceUnavailable',
        headers: { 'retry-after': '15' },
      }),
    );
    expectSameOutcome(observed, clean.get(shape.name) as Observed, 'removal after a 503');
    expect(expectRetryAfterHonoured('removal after a 503')).toBe(1);
  });

  it(`${STORMS} storms over every request shape end as the clean runs did, never retrying before Retry-After`, async () => {
    const random = seededRandom(SEED);
    let retriesChecked = 0;
    for (let run = 0; run < STORMS; run++) {
      const shape = SHAPES[run % SHAPES.length] as RequestShape;
      let armed: string[] = [];
      const storm = stormOf(random);
      const observed = await carryOut(shape, () => void (armed = storm()));
      const context = `seed ${SEED}, storm ${run}: ${shape.name} with ${armed.join(', ')}`;
      expectSameOutcome(observed, clean.get(shape.name) as Observed, context);
      retriesChecked += expectRetryAfterHonoured(context);
      await expectLedgerMatchesArm(broker);
    }
    console.log(
      `storms: ${STORMS}, retries after a Retry-After checked against the sandbox log: ${retriesChecked}`,
    );
    expect(retriesChecked).toBeGreaterThan(STORMS / 3);
  }, 240_000);
});
